package io.stackwatch.core.tracking;

import io.stackwatch.core.StackDepthExceededError;
import io.stackwatch.core.event.EventQueue;
import io.stackwatch.core.event.EventType;
import io.stackwatch.core.event.Reason;
import io.stackwatch.core.event.StackEvent;
import io.stackwatch.core.gomodel.GoStackModel;
import io.stackwatch.core.stack.CapturedStack;

/**
 * Everything the tracker does when a mark is crossed: Go growth, warnings, interception, overflow
 * bookkeeping. Runs on the instrumented thread but only on crossings, so it may allocate; it never
 * logs or formats (the agent's background thread does that) and it walks the real stack only while
 * there is headroom for the walk.
 */
final class ColdPath {

    /** A stack walk needs a few KiB of its own; below this estimated headroom we do not try. */
    static final long MIN_WALK_HEADROOM = 32 * 1024;

    private ColdPath() {
    }

    static ThreadStackState enter(ThreadStackState s, int methodId, int frameBytes, int slot) {
        if (s.cold == null && !Tracker.attachCold(s)) {
            return Tracker.uncounted;
        }
        if (s.cold.busy) {
            // The agent's own cold-path work reached instrumented code: don't count, don't recurse.
            return Tracker.uncounted;
        }
        if (Tracker.detached) {
            // Detached: code that still calls the tracker is counted, so that its exits stay exact.
            s.bytes += frameBytes;
            s.depth++;
            if (slot >= 0 && slot < s.methodDepth.length) {
                s.methodDepth[slot]++;
            }
            return s;
        }
        if (s.cold.followsInstalledPolicy && s.cold.policy != Tracker.policy() && !Tracker.adoptInstalledPolicy(s)) {
            return Tracker.uncounted;
        }
        if (slot >= s.methodDepth.length) {
            // Counting code for a limit no installed policy names: not counted, and nothing thrown into the host.
            return Tracker.uncounted;
        }
        s.cold.busy = true;
        try {
            if (s.cold.overflowActive && s.depth == 0) {
                // Back in instrumented code after an overflow left it: it was caught outside.
                s.cold.overflowActive = false;
                emit(s, EventType.SWALLOWED, 0, 0, s.cold.overflowLeftBy, Reason.CAUGHT_BY_A_CALLER, 0, null);
            }
            long before = s.bytes;
            long b = before + frameBytes;
            int d = s.depth + 1;
            int md = slot >= 0 ? s.methodDepth[slot] + 1 : 0;
            StackDepthExceededError stop = null;
            try {
                StackReading.read(s, d, b);
                stop = decide(s, methodId, frameBytes, slot, before, b, d, md);
            } catch (Throwable agentFailure) {
                AgentFaults.record(agentFailure);
            }
            if (s.cold.watermarkStep > 0 && b > s.cold.watermarkBytes) {
                s.cold.watermarkBytes = b;
                s.cold.watermarkDepth = d;
                s.cold.watermarkRealBytes = s.cold.effectiveBytes(b);
            }
            // Every call (which may itself run out of stack) comes before the frame is counted:
            // if anything here throws, the enter advice throws and this frame's exit never runs.
            s.recomputeMarks();
            if (stop != null) {
                // Not counted: the exit advice of this frame will not run.
                s.cold.interceptions++;
                throw stop;
            }
            // From here on only field writes: no call, so no stack needed, so nothing can throw.
            s.bytes = b;
            s.depth = d;
            if (slot >= 0) {
                s.methodDepth[slot] = md;
            }
            if (d > s.cold.peakDepth) {
                s.cold.peakDepth = d;
            }
            if (b > s.cold.peakBytes) {
                s.cold.peakBytes = b;
            }
            return s;
        } finally {
            s.cold.busy = false;
        }
    }

    private static StackDepthExceededError decide(ThreadStackState s, int methodId, int frameBytes, int slot,
                                                  long before, long b, int d, int md) {
        return decide(s, methodId, frameBytes, slot, before, b, d, md, false);
    }

    /**
     * @param many the bytes from {@code before} to {@code b} are many frames of {@code frameBytes}
     *             seen at once (a rewritten cycle's checkpoint), not one call
     */
    private static StackDepthExceededError decide(ThreadStackState s, int methodId, int frameBytes, int slot,
                                                  long before, long b, int d, int md, boolean many) {
        Policy p = s.cold.policy;
        GoStackModel go = s.cold.go;
        // Thresholds are judged on real bytes where a reading exists, and the Go model grows its
        // stack over the same real bytes: its verdicts compare with the JVM's fixed stack.
        long real = s.cold.effectiveBytes(b);
        long copiedBefore = go.copiedBytes();
        int grown = many ? go.advanceTo(real, frameBytes) : go.push(s.cold.effectiveBytes(before), frameBytes);
        if (grown > 0) {
            GoTotals.grew(go.copiedBytes() - copiedBefore, s.cold.silent);
        }
        if (grown > 0 && p.traceGrowth()) {
            emit(s, EventType.GROWTH, d, real, methodId, null, 0, null);
        } else if (grown < 0) {
            emit(s, EventType.GO_OVERFLOW, d, real, methodId, Reason.GO_MAX, go.maxBytes(), null);
        }

        Reason stopReason = null;
        double stopLimit = 0;
        boolean limitCrossed = slot >= 0 && md > p.methodLimit(slot);
        if (p.throwing()) {
            if (real >= s.cold.throwBytes) {
                stopReason = Reason.THROW_AT;
                stopLimit = p.throwAt();
            } else if (d > p.maxDepth()) {
                stopReason = Reason.MAX_DEPTH;
                stopLimit = p.maxDepth();
            } else if (limitCrossed) {
                stopReason = Reason.LIMIT;
                stopLimit = p.methodLimit(slot);
            }
        }
        Reason warnReason = null;
        double warnLimit = 0;
        if (s.cold.warnArmed) {
            if (real >= s.cold.warnBytes) {
                warnReason = Reason.WARN_AT;
                warnLimit = p.warnAt();
            } else if (!p.throwing() && d > p.maxDepth()) {
                warnReason = Reason.MAX_DEPTH;
                warnLimit = p.maxDepth();
            } else if (!p.throwing() && limitCrossed) {
                warnReason = Reason.LIMIT;
                warnLimit = p.methodLimit(slot);
            }
        }
        if (stopReason == null && warnReason == null) {
            return null;
        }
        // Walk the real stack once for both events, and only while the walk cannot exhaust it.
        CapturedStack stack = s.cold.capacityBytes - real >= MIN_WALK_HEADROOM ? CapturedStack.capture() : null;
        if (warnReason != null) {
            // One warning per crossing; re-armed when the thread comes back to half this depth.
            s.cold.warnArmed = false;
            s.cold.warnedAtDepth = d;
            s.cold.warnings++;
            emit(s, EventType.WARN, d, real, methodId, warnReason, warnLimit, stack);
        }
        if (stopReason == null) {
            return null;
        }
        emit(s, EventType.INTERCEPT, d, real, methodId, stopReason, stopLimit, stack);
        // The message is built only when someone asks for it, with the stack they have then.
        return new StackDepthExceededError(stopReason, stopLimit, Thread.currentThread().getName(), d, real,
                s.cold.capacityBytes, MethodRegistry.name(methodId), stack, s.cold.measured);
    }

    /**
     * A rewritten cycle's checkpoint: the thread is {@code depth} frames deep (its counted frames and
     * the cycle's frames since the innermost counted one), with an estimated {@code b} bytes in use.
     * Judged as an enter would be, but no frame is counted: the depth travels in the frames
     * themselves and needs no bookkeeping on the way back.
     */
    static void checkpoint(ThreadStackState s, int methodId, int roundBytes, int depth, long b) {
        if (s.cold == null && !Tracker.attachCold(s)) {
            return;
        }
        if (s.cold.busy || Tracker.detached) {
            return;
        }
        s.cold.busy = true;
        StackDepthExceededError stop = null;
        try {
            try {
                if (s.cold.overflowActive) {
                    // Recursing again after an overflow left rewritten frames: it was caught on the way.
                    s.cold.overflowActive = false;
                    emit(s, EventType.SWALLOWED, depth, s.cold.effectiveBytes(b), methodId, Reason.CAUGHT, 0, null);
                }
                StackReading.read(s, depth, b);
                stop = decide(s, methodId, roundBytes, -1, b - roundBytes, b, depth, 0, true);
                if (s.cold.watermarkStep > 0 && b > s.cold.watermarkBytes) {
                    s.cold.watermarkBytes = b;
                    s.cold.watermarkDepth = depth;
                    s.cold.watermarkRealBytes = s.cold.effectiveBytes(b);
                }
                if (depth > s.cold.peakDepth) {
                    s.cold.peakDepth = depth;
                }
                if (b > s.cold.peakBytes) {
                    s.cold.peakBytes = b;
                }
            } catch (Throwable agentFailure) {
                AgentFaults.record(agentFailure);
            }
            s.recomputeMarks();
        } finally {
            s.cold.busy = false;
        }
        if (stop != null) {
            s.cold.interceptions++;
            throw stop;
        }
    }

    /**
     * A real {@link StackOverflowError} unwinding through a rewritten cycle's frame at {@code depth}: the
     * innermost frame whose handler could make this call reports it (the ones nearer the end of the
     * stack had no room to call); the rest of the unwinding finds it reported.
     */
    static void unwinding(ThreadStackState s, Throwable thrown, int depth, int methodId, int roundBytes) {
        if (s.cold == null && !Tracker.attachCold(s)) {
            return;
        }
        if (s.cold.busy || s.cold.overflowActive || Tracker.detached) {
            return;
        }
        s.cold.busy = true;
        try {
            if (s.cold.pendingOverflowDepth == 0) {
                // The first frame to get here records the facts with plain field writes; if queueing the
                // event then runs out of stack, the next frame out retries with the same episode (the
                // agent's reader drops a repeat).
                long bytes = s.bytes + (long) (depth > s.depth ? depth - s.depth : 0) * roundBytes
                        + (s.cold.measured ? s.cold.realOffset : 0);
                s.cold.pendingOverflowBytes = bytes;
                s.cold.overflowEpisode++;
                s.cold.pendingOverflowDepth = depth;
                OverflowSightings.offer(thrown);
            }
            emit(s, EventType.OVERFLOW, s.cold.pendingOverflowDepth, s.cold.pendingOverflowBytes, methodId, null, 0, null);
            s.cold.overflowActive = true;
            s.cold.pendingOverflowDepth = 0;
            s.cold.overflows++;
            s.recomputeMarks();
        } catch (Throwable agentFailure) {
            AgentFaults.record(agentFailure);
        } finally {
            s.cold.busy = false;
        }
    }

    /**
     * Before a native call: read the real stack and judge it as an enter would, with no new frame.
     * The calling frame is already counted, so an interception thrown here leaves through its exit advice.
     */
    static void beforeNative(ThreadStackState s, int methodId) {
        s.cold.busy = true;
        StackDepthExceededError stop = null;
        try {
            try {
                long used = StackReading.readNow(s, s.bytes);
                boolean warnDue = s.cold.warnArmed && used >= s.cold.warnBytes;
                if (used >= 0 && (warnDue || used >= s.cold.throwBytes)) {
                    stop = decide(s, methodId, 0, -1, s.bytes, s.bytes, s.depth, 0);
                }
            } catch (Throwable agentFailure) {
                AgentFaults.record(agentFailure);
            }
            s.recomputeMarks();
        } finally {
            s.cold.busy = false;
        }
        if (stop != null) {
            s.cold.interceptions++;
            throw stop;
        }
    }

    static void exit(ThreadStackState s, Throwable thrown, int methodId, int frameBytes) {
        if (s.cold == null) {
            // A thread still shallow has nothing to re-arm or checkpoint; only a real overflow needs
            // the cold part (if building it runs out of stack, the next frame's exit tries again).
            if (!(thrown instanceof StackOverflowError) || thrown instanceof StackDepthExceededError
                    || !Tracker.attachCold(s)) {
                return;
            }
        }
        if (s.cold.busy || Tracker.detached) {
            return;
        }
        s.cold.busy = true;
        try {
            if (thrown != null) {
                if (thrown instanceof StackOverflowError && !(thrown instanceof StackDepthExceededError)
                        && !s.cold.overflowActive) {
                    if (s.cold.pendingOverflowDepth == 0) {
                        // The innermost exit to get here records the facts with plain field writes
                        // (no call, so no stack needed): the frame that threw is the one just taken off.
                        // Inline arithmetic, no call: a call could fail between these writes.
                        long bytes = s.bytes + frameBytes + (s.cold.measured ? s.cold.realOffset : 0);
                        s.cold.pendingOverflowBytes = bytes;
                        s.cold.overflowEpisode++;
                        s.cold.pendingOverflowDepth = s.depth + 1;
                        OverflowSightings.offer(thrown);
                    }
                    // Building and queueing the event may itself run out of stack here; then the next
                    // frame's exit tries again with more room. A retry after an event that did get
                    // queued carries the same episode, and the agent's reader drops the repeat.
                    emit(s, EventType.OVERFLOW, s.cold.pendingOverflowDepth, s.cold.pendingOverflowBytes, methodId, null, 0,
                            null);
                    s.cold.overflowActive = true;
                    s.cold.pendingOverflowDepth = 0;
                    s.cold.overflows++;
                }
                if (s.cold.overflowActive) {
                    // How far the overflow has unwound, and the last counted method it left. If the
                    // thread comes back into counted code at depth 0, something outside caught it:
                    // the next enter says so.
                    s.cold.overflowLeftBy = methodId;
                    s.cold.overflowUnwoundTo = s.depth;
                }
            } else if (s.cold.overflowActive) {
                s.cold.overflowActive = false;
                if (s.depth < s.cold.overflowUnwoundTo) {
                    // This method (or code it called) caught the overflow and returned normally.
                    emit(s, EventType.SWALLOWED, s.depth + 1, s.cold.effectiveBytes(s.bytes + frameBytes), methodId, Reason.CAUGHT, 0,
                            null);
                } else {
                    // A method called after the overflow was caught (by uncounted code below the last
                    // counted method it left) returned normally: the thread went on from there.
                    emit(s, EventType.SWALLOWED, s.cold.overflowUnwoundTo, s.cold.effectiveBytes(s.bytes), s.cold.overflowLeftBy,
                            Reason.CAUGHT_BY_A_CALLER, 0, null);
                }
            }
            // Re-armed once the thread is back at half the depth it warned at and, where the stack was
            // read, at half the warning line: unseen frames may keep the real stack deep at depth zero.
            if (!s.cold.warnArmed && s.depth <= s.cold.warnedAtDepth / 2
                    && (!s.cold.measured || s.cold.effectiveBytes(s.bytes) < s.cold.warnBytes / 2)) {
                s.cold.warnArmed = true;
            }
            if (s.depth == 0) {
                // No counted frame left: nothing they counted is left either (an exit skipped near the
                // end of the stack, by a deoptimization that found no room, is made good here).
                s.bytes = 0;
                for (int i = 0; i < s.methodDepth.length; i++) {
                    s.methodDepth[i] = 0;
                }
                // Back at rest after a collection: the collector's visit in Go terms (shrinkstack).
                long cycles = CollectorCycles.count();
                if (cycles != s.cold.shrinkCheckedCycle) {
                    s.cold.shrinkCheckedCycle = cycles;
                    long copiedBefore = s.cold.go.copiedBytes();
                    if (s.cold.go.checkpoint(s.bytes)) {
                        GoTotals.shrank(s.cold.go.copiedBytes() - copiedBefore, s.cold.silent);
                    }
                }
                StackReading.atRest(s);
            }
            s.recomputeMarks();
        } catch (Throwable agentFailure) {
            AgentFaults.record(agentFailure);
        } finally {
            s.cold.busy = false;
        }
    }

    private static void emit(ThreadStackState s, EventType type, int depth, long bytes, int methodId, Reason reason,
                             double limit, CapturedStack stack) {
        Thread t = Thread.currentThread();
        GoStackModel go = s.cold.go;
        StackEvent event = StackEvent.of(type, t, s.cold.virtual)
                .usage(depth, bytes, s.cold.capacityBytes, s.cold.measured,
                        s.cold.bytesPerFrame > 0 ? s.cold.bytesPerFrame : depth > 0 ? (double) bytes / depth : 0)
                .method(methodId >= 0 ? MethodRegistry.name(methodId) : null)
                .crossed(reason, limit)
                .frames(stack)
                .goModel(go.sizeBytes(), go.growths(), go.copiedBytes())
                .overflowEpisode(s.cold.overflowEpisode)
                .build();
        if (!s.cold.silent) {
            EventQueue.offer(event);
        }
    }
}
