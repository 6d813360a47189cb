package io.stackwatch.agent.livereport;

import io.stackwatch.core.tracking.LiveThreads;
import io.stackwatch.core.tracking.StackCapacityProbe;
import io.stackwatch.core.tracking.ThreadStackState;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads every thread's real stack: platform threads from the JVM's thread dump, tracked virtual
 * threads from their own stack trace, and joins the tracker's figures where it follows the thread.
 *
 * <p>Bounded in two ways. The first pass reads at most {@code firstPassFrames} frames of each thread
 * (in batches of {@link #BATCH} threads, one safepoint each); only threads that filled it are read again in full, one by one,
 * until the time budget is spent; the others keep their first-pass frames, marked as a lower bound.
 * {@link ThreadMXBean} is used rather than {@code Thread.getStackTrace()}: on JDK 19+ the latter
 * returns at most {@code MaxJavaStackTraceDepth} (1024) frames of another thread; the MXBean does not cut.
 */
public final class ThreadSampler {

    /** Threads read per safepoint in the first pass. */
    static final int BATCH = 128;

    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    private final StackCapacityProbe capacity;

    public ThreadSampler(StackCapacityProbe capacity) {
        this.capacity = capacity;
    }

    /**
     * Every thread now, riskiest first. The first pass costs what one thread dump costs (it grows
     * with the number of threads); {@code budgetNanos} bounds the full re-reads of deep threads after it.
     */
    public List<ThreadRow> sample(int firstPassFrames, long budgetNanos) {
        Map<Long, ThreadStackState> tracked = new HashMap<>();
        List<ThreadStackState> virtualTracked = new ArrayList<>();
        LiveThreads.forEach(s -> {
            Thread t = s.thread();
            if (t == null || !t.isAlive()) {
                return;
            }
            if (s.isVirtual()) {
                virtualTracked.add(s);
            } else {
                tracked.put(t.getId(), s);
            }
        });
        Map<Long, Thread> threads = liveThreads();

        List<ThreadInfo> infos = firstPass(firstPassFrames);
        long deadline = System.nanoTime() + budgetNanos;
        List<ThreadRow> rows = new ArrayList<>(infos.size() + virtualTracked.size());
        for (ThreadInfo info : infos) {
            if (info == null) {
                continue;
            }
            StackTraceElement[] trace = info.getStackTrace();
            boolean complete = trace.length < firstPassFrames;
            if (!complete && System.nanoTime() < deadline) {
                ThreadInfo full = mx.getThreadInfo(info.getThreadId(), Integer.MAX_VALUE);
                if (full != null) {
                    trace = full.getStackTrace();
                    complete = true;
                }
            }
            Thread t = threads.get(info.getThreadId());
            rows.add(row(info.getThreadName(), info.getThreadId(), false, info.isDaemon(), info.getThreadState().name(),
                    trace, complete, tracked.get(info.getThreadId()), t));
        }
        for (ThreadStackState s : virtualTracked) {
            Thread t = s.thread();
            StackTraceElement[] trace = t.getStackTrace();
            // Cut at MaxJavaStackTraceDepth on JDK 19+: 1024 frames may be more.
            rows.add(row(t.getName(), t.getId(), true, true, t.getState().name(), trace, trace.length < 1024, s, t));
        }
        rows.sort(Comparator.comparingDouble(ThreadRow::ratio).reversed().thenComparing(Comparator.comparingInt(ThreadRow::frames).reversed()));
        return rows;
    }

    /**
     * Every platform thread's innermost frames, {@link #BATCH} threads per read: each read brings its
     * threads to a safepoint together, so batches keep each pause short (a jstack of 2,000 threads
     * pauses the application for the whole dump).
     */
    private List<ThreadInfo> firstPass(int frames) {
        long[] ids = mx.getAllThreadIds();
        List<ThreadInfo> out = new ArrayList<>(ids.length);
        for (int from = 0; from < ids.length; from += BATCH) {
            long[] batch = java.util.Arrays.copyOfRange(ids, from, Math.min(ids.length, from + BATCH));
            for (ThreadInfo info : mx.getThreadInfo(batch, frames)) {
                if (info != null) {
                    out.add(info);
                }
            }
        }
        return out;
    }

    private ThreadRow row(String name, long id, boolean virtual, boolean daemon, String state, StackTraceElement[] trace,
                          boolean complete, ThreadStackState s, Thread thread) {
        if (s != null) {
            return new ThreadRow(name, id, virtual, daemon, state, trace.length, complete, true, s.depth(), s.bytesInUse(),
                    s.measured() ? ThreadRow.Bytes.MEASURED : ThreadRow.Bytes.ESTIMATED, s.capacityBytes(),
                    s.go().sizeBytes(), s.go().growths(), s.go().copiedBytes(), trace);
        }
        long cap = thread != null ? capacity.capacityBytes(thread) : StackCapacityProbe.DEFAULT.capacityBytes(null);
        return new ThreadRow(name, id, virtual, daemon, state, trace.length, complete, false, -1,
                (long) trace.length * ThreadRow.ASSUMED_FRAME_BYTES, ThreadRow.Bytes.ASSUMED, cap, 0, 0, 0, trace);
    }

    /** Platform threads by id, from the root thread group (no stack walk). */
    private static Map<Long, Thread> liveThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] all = new Thread[root.activeCount() + 64];
        int n = root.enumerate(all, true);
        Map<Long, Thread> out = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            out.put(all[i].getId(), all[i]);
        }
        return out;
    }
}
