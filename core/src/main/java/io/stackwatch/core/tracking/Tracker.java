package io.stackwatch.core.tracking;

/**
 * The hot path: what inlined advice calls on entry to an instrumented method. It adds the frame's
 * estimated bytes to the thread's count and compares against two marks; everything else happens on
 * {@link ColdPath}. Exit is inlined into the advice itself (see the agent's {@code RecursionAdvice})
 * so that it needs no call, and therefore no stack, at the end of an exhausted stack.
 */
public final class Tracker {

    private static volatile Policy policy = Policy.builder().build();

    /**
     * What {@link #enter} returns when a frame is not counted (the agent's own work reached
     * instrumented code): counting code writes to it as to any state, and nobody reads it. Never null,
     * so that the code put into methods has no branch before the method's own code; one per policy, with
     * as many limit slots as it has. Recognised by its exit mark.
     */
    /**
     * Limit slots the uncounted state has, and so the most {@code limits} entries counting code can
     * name (the planner counts the others without a limit).
     */
    public static final int MAX_LIMIT_SLOTS = 1024;

    static final ThreadStackState uncounted = uncounted(MAX_LIMIT_SLOTS);

    private static ThreadStackState uncounted(int slots) {
        ThreadStackState s = new ThreadStackState(slots, Long.MAX_VALUE, Integer.MAX_VALUE);
        s.exitDepthMark = Integer.MIN_VALUE;
        return s;
    }

    /**
     * Whether a thread is one of the agent's own (named {@code stackwatch-...}), except the profile
     * primer, whose whole purpose is to run the hot path.
     */
    static boolean isAgentThread(Thread t) {
        String name = t.getName();
        return name.startsWith("stackwatch-") && !name.equals("stackwatch-primer");
    }

    /** Whether a state is the one handed out for frames that are not counted. */
    static boolean isUncounted(ThreadStackState s) {
        return s.exitDepthMark == Integer.MIN_VALUE;
    }
    private static volatile StackCapacityProbe probe = StackCapacityProbe.DEFAULT;

    // An anonymous subclass, not ThreadLocal.withInitial(lambda): no invokedynamic to link on a
    // thread's first call, which may come at any depth.
    private static final ThreadLocal<ThreadStackState> STATE = new ThreadLocal<ThreadStackState>() {
        @Override
        protected ThreadStackState initialValue() {
            return newState(Thread.currentThread());
        }
    };

    private static final java.util.concurrent.atomic.AtomicBoolean CLAIMED = new java.util.concurrent.atomic.AtomicBoolean();

    private Tracker() {
    }

    /** Claims this JVM for one agent instance; false when an agent is already installed. */
    public static boolean claim() {
        return CLAIMED.compareAndSet(false, true);
    }

    /**
     * Gives the claim back after the agent removed its instrumentation (detach), so that a later
     * attach can start again. States of threads already tracked stay with their threads.
     */
    public static void release() {
        detached = true;
        CLAIMED.set(false);
    }

    /**
     * Set by {@link #release}, cleared by {@link #install}: code that keeps calling the tracker after a
     * detach (the entries of cycles rewritten with a depth parameter stay in their classes: a class
     * cannot lose methods) is counted as before but judged no more.
     */
    static volatile boolean detached;

    /**
     * Runs every cold path once on a throwaway, silent state, so that no class is loaded or
     * initialized and no call site is linked for the first time at the end of somebody's stack
     * (a class initializer that runs out of stack there would leave the class unusable for good).
     */
    public static void warmUp() {
        Policy p = Policy.builder().throwing(true).maxDepth(3).traceGrowth(true)
                .methodLimits(new String[]{"warm-up"}, new int[]{2}).build();
        ThreadStackState s = new ThreadStackState(p, 64 * 1024, false);
        s.cold.silent = true;
        for (int round = 0; round < 2; round++) {
            try {
                for (int i = 0; i < 5; i++) {
                    ColdPath.enter(s, -1, 9000, i % 2 == 0 ? 0 : -1);
                }
            } catch (io.stackwatch.core.StackDepthExceededError expected) {
                expected.getMessage();
            }
            ColdPath.exit(s, new StackOverflowError(), -1, 100);
            s.depth = Math.max(0, s.depth - 1);
            ColdPath.exit(s, null, -1, 100);
            s.depth = 0;
            s.bytes = 0;
            ColdPath.exit(s, new IllegalStateException(), -1, 100);
        }
        if (io.stackwatch.core.stack.NativeStack.available()) {
            ThreadStackState measuring = new ThreadStackState(p, 64 * 1024, false, true, 0);
            measuring.cold.silent = true;
            ColdPath.beforeNative(measuring, -1);
        }
        // A rewritten cycle's look, both ways, often enough for its branch profile to record both
        // (see look); and its checkpoint, both ways: far from the marks and across them.
        warmUpLook();
        // A rewritten cycle's checkpoint and overflow report, on their cold paths.
        ThreadStackState deep = new ThreadStackState(p, 64 * 1024, false);
        deep.cold.silent = true;
        try {
            ColdPath.checkpoint(deep, -1, 100, 64, 6400);
        } catch (io.stackwatch.core.StackDepthExceededError expected) {
            expected.getMessage();
        }
        ColdPath.unwinding(deep, null, 64, -1, 100);
        sighted(new IllegalStateException("warm-up"));
        OverflowSightings.drain(new Throwable[1]);
        io.stackwatch.core.stack.RecursionCycle.of(io.stackwatch.core.stack.CapturedStack.capture()).describe();
        io.stackwatch.core.event.EventQueue.isEmpty();
        LiveThreads.count();
        GoTotals.growths();
        // Reached only when the cold path itself fails, which happens at the end of an exhausted stack:
        // initialized there, its initializer would run out of stack and leave it unusable for good.
        AgentFaults.count();
        io.stackwatch.core.event.EventType.values();
        s.cold.watermarkStep = 1;
        ColdPath.enter(s, -1, 10, -1);
        s.cold.watermarkStep = 0;
        warmedUp = true;
    }

    /** Levels of {@link #warmUpLook}: enough for the interpreter and C1 to profile {@link #look}. */
    private static final int LOOK_WARM_UP_LEVELS = 20_000;

    /**
     * Runs {@link #look} both ways, and {@link #checkpoint}'s test both ways, on a silent state of
     * their own: the warm-up runs on an agent thread, whose own state is never judged.
     */
    private static void warmUpLook() {
        ThreadStackState own = STATE.get();
        ThreadStackState s = new ThreadStackState(Policy.builder().build(), 1 << 20, false);
        s.cold.silent = true;
        STATE.set(s);
        try {
            for (int d = 1; d <= LOOK_WARM_UP_LEVELS; d++) {
                // Every tenth look finds the marks crossed: checkpoint's own test is seen both ways too.
                boolean crossed = d % 640 == 0;
                s.enterBytesMark = crossed ? 0 : Long.MAX_VALUE;
                s.enterDepthMark = Integer.MAX_VALUE;
                try {
                    look(d % 1024, 63, -1, 16);
                } catch (io.stackwatch.core.StackDepthExceededError expected) {
                    expected.getMessage();
                }
            }
        } finally {
            STATE.set(own);
        }
    }

    /** Set when {@link #warmUp} has run to its end. */
    private static volatile boolean warmedUp;

    /**
     * {@link #warmUp} on a thread of its own, so that it overlaps the rest of the start; the caller
     * joins it (see {@link #awaitWarmUp}) before any application code runs.
     */
    public static Thread warmUpInBackground() {
        return daemon(new Runnable() {
            @Override
            public void run() {
                warmUp();
            }
        }, "stackwatch-warm-up", 1024 * 1024);
    }

    /**
     * Waits for a {@link #warmUpInBackground} thread; warms up on the calling thread when that one
     * did not finish (it failed: the failure then shows here, as it did before warm-up moved).
     */
    public static void awaitWarmUp(Thread warming) {
        boolean interrupted = false;
        while (warming.isAlive()) {
            try {
                warming.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (!warmedUp) {
            warmUp();
        }
    }

    /** Starts a daemon thread (an anonymous {@code Runnable}, not a method reference: no call site to link). */
    private static Thread daemon(Runnable work, String name, long stackBytes) {
        Thread t = new Thread(null, work, name, stackBytes);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Calls of {@link #enter} the profile primer makes, and how often one of them crosses a mark. */
    static final int PRIMING_CALLS = 60_000;
    static final int PRIMING_CROSSING_EVERY = 1024;

    /**
     * Teaches the JIT that {@link #enter}'s cold branches are taken, on a background thread, so that
     * C2 compiles them as rarely taken branches instead of uncommon traps. Without this, the first
     * crossing in a compiled recursion (the Go model's first growth, a warning) deoptimizes it, and
     * the rest of the descent runs in interpreter or C1 frames, several times larger: a recursion
     * that reached 59,000 frames compiled stopped at 5,900. C2 reads an inlined method's branch
     * profile from that method's own profile, which every instrumented method shares.
     */
    public static Thread primeProfile() {
        return daemon(new Runnable() {
            @Override
            public void run() {
                runPrimer();
            }
        }, "stackwatch-primer", 256 * 1024);
    }

    private static void runPrimer() {
        ThreadStackState s = current();
        s.cold.silent = true;
        for (int i = 1; i <= PRIMING_CALLS; i++) {
            if (i % PRIMING_CROSSING_EVERY == 0) {
                // Alternately through each of the two marks: each branch needs its own taken count.
                if ((i / PRIMING_CROSSING_EVERY) % 2 == 0) {
                    s.enterBytesMark = 0;
                } else {
                    s.enterDepthMark = 1;
                }
            }
            ThreadStackState r;
            try {
                r = enter(-1, 0);
            } catch (io.stackwatch.core.StackDepthExceededError stopped) {
                // A throwAt so low that it stops the primer's own shallow calls: nothing to count, and the
                // error must never reach the host's stderr as this thread's uncaught exception.
                continue;
            }
            if (r != null) {
                // The exit advice's work, inline as the advice does it.
                r.depth--;
                if (r.depth <= r.exitDepthMark) {
                    exit(r, null, -1, 0);
                }
            }
        }
        STATE.remove();
    }

    /**
     * Installs the policy and capacity probe. Threads already tracked keep their counts and adopt the
     * policy at their next cold-path visit (an agent attached after another was detached).
     */
    public static void install(Policy newPolicy, StackCapacityProbe newProbe) {
        probe = newProbe;
        policy = newPolicy;
        detached = false;
    }

    public static Policy policy() {
        return policy;
    }

    /** A thread's hot state, with first marks from the policy; its cold part comes on its first cold visit. */
    static ThreadStackState newState(Thread thread) {
        Policy p = policy;
        return new ThreadStackState(p.methodLimitCount(), firstBytesMark(p), firstDepthMark(p));
    }

    /**
     * Smallest stack the first bytes mark assumes (unless {@code stackSize} names one): a thread's
     * thresholds cannot be crossed before its first cold visit.
     */
    static final long SMALLEST_CAPACITY = 8 * 1024;

    /**
     * Where a fresh thread first takes the cold path by bytes: the Go model's first growth, or the
     * warn/throw threshold of the smallest plausible stack, whichever comes first. A thread's own
     * capacity is read only then (so shallow threads never pay for reading it).
     */
    static long firstBytesMark(Policy p) {
        long goMark = p.go().initialBytes() - p.go().guardBytes() + 1;
        long smallest = p.stackSizeOverrideBytes() > 0 ? Math.min(SMALLEST_CAPACITY, p.stackSizeOverrideBytes())
                : SMALLEST_CAPACITY;
        long mark = Math.min(goMark, (long) (p.warnAt() * smallest));
        if (p.throwing()) {
            mark = Math.min(mark, (long) (p.throwAt() * smallest));
        }
        return Math.max(1, mark);
    }

    /** Where a fresh thread first takes the cold path by depth: its first real reading, or maxDepth. */
    static int firstDepthMark(Policy p) {
        int mark = p.maxDepth() == Integer.MAX_VALUE ? Integer.MAX_VALUE : p.maxDepth() + 1;
        if (p.nativeReadings() && io.stackwatch.core.stack.NativeStack.available()) {
            mark = Math.min(mark, StackReading.FIRST_READING_DEPTH);
        }
        return mark;
    }

    /**
     * Gives the calling thread's state its cold part (and lists it in {@link LiveThreads}). Returns
     * false, leaving the state as it was, when that fails.
     */
    static boolean attachCold(ThreadStackState s) {
        if (isAgentThread(Thread.currentThread())) {
            // The agent's own threads run counted JDK code (collections, regex) and are never judged:
            // from now on every frame of theirs is uncounted.
            STATE.set(uncounted);
            return false;
        }
        long bytesMark = s.enterBytesMark;
        int depthMark = s.enterDepthMark;
        // Instrumented code reached while it is built (JDK classes, when included) stays on the fast path.
        s.enterBytesMark = Long.MAX_VALUE;
        s.enterDepthMark = Integer.MAX_VALUE;
        try {
            ColdState cold = newCold(policy);
            s.ensureSlots(cold.policy.methodLimitCount());
            s.cold = cold;
            s.recomputeMarks();
            LiveThreads.register(s);
            return true;
        } catch (Throwable failed) {
            if (s.cold == null) {
                s.enterBytesMark = bytesMark;
                s.enterDepthMark = depthMark;
            }
            AgentFaults.record(failed);
            return s.cold != null;
        }
    }

    /**
     * Brings the state of a thread tracked under an earlier agent's policy (one agent detached,
     * another attached with other settings) up to the installed policy: a new cold part, with as many
     * limit slots as the policy names; the counts stay. Cold path only. Returns false when that fails:
     * the state is then left as it was, and the caller does not count the frame.
     */
    static boolean adoptInstalledPolicy(ThreadStackState s) {
        ColdState old = s.cold;
        // Instrumented code reached meanwhile (JDK classes, when included) is not counted.
        old.busy = true;
        try {
            ColdState cold = newCold(policy);
            // The warm-up's and primer's states stay silent. LiveThreads lists this state already.
            cold.silent = old.silent;
            s.ensureSlots(cold.policy.methodLimitCount());
            s.cold = cold;
            s.recomputeMarks();
            return true;
        } catch (Throwable failed) {
            AgentFaults.record(failed);
            return s.cold != old;
        } finally {
            old.busy = false;
        }
    }

    /** A cold part for the calling thread under {@code p}, with its capacity read from the probe. */
    private static ColdState newCold(Policy p) {
        Thread thread = Thread.currentThread();
        StackCapacityProbe pr = probe;
        long capacity;
        boolean virtual;
        try {
            capacity = pr.capacityBytes(thread);
            virtual = pr.isVirtual(thread);
        } catch (Throwable probeFailed) {
            capacity = StackCapacityProbe.DEFAULT.capacityBytes(thread);
            virtual = false;
        }
        boolean measuring = p.nativeReadings() && io.stackwatch.core.stack.NativeStack.available();
        ColdState cold = new ColdState(p, thread, capacity, virtual, measuring, pr.zoneBytes());
        cold.followsInstalledPolicy = true;
        return cold;
    }

    /** The calling thread's state (created on first use), with its cold part. */
    public static ThreadStackState current() {
        ThreadStackState s = STATE.get();
        if (s.cold == null) {
            attachCold(s);
        }
        return s;
    }

    /**
     * Entry to an instrumented method. Returns the state to hand to the exit code: the thread's, or
     * the shared uncounted one when the frame is not counted (the agent's own work re-entered
     * instrumented code).
     *
     * @throws io.stackwatch.core.StackDepthExceededError when {@code action=throw} stops the call;
     *         the frame is then not counted, matching the exit advice that will not run
     */
    public static ThreadStackState enter(int methodId, int frameBytes) {
        ThreadStackState s = STATE.get();
        long b = s.bytes + frameBytes;
        int d = s.depth + 1;
        // The fast path: two compares against precomputed marks, two stores, no allocation.
        if (b >= s.enterBytesMark || d >= s.enterDepthMark) {
            return ColdPath.enter(s, methodId, frameBytes, -1);
        }
        s.bytes = b;
        s.depth = d;
        return s;
    }

    /** {@link #enter} for a method with a {@code limits} entry in {@code slot}. */
    public static ThreadStackState enterLimited(int methodId, int frameBytes, int slot) {
        ThreadStackState s = STATE.get();
        ColdState c = s.cold;
        int[] depths = s.methodDepth;
        // A thread tracked under an earlier agent's policy (detach, then attach with other limits) has
        // fewer slots: the cold path brings its state up to date. Never an exception into the host's
        // call; and with the slot checked here, the JIT drops the array's own bounds check.
        if (c == null || slot >= depths.length) {
            return ColdPath.enter(s, methodId, frameBytes, slot);
        }
        long b = s.bytes + frameBytes;
        int d = s.depth + 1;
        int md = depths[slot] + 1;
        if (b >= s.enterBytesMark || d >= s.enterDepthMark || md >= c.methodDepthMark[slot]) {
            return ColdPath.enter(s, methodId, frameBytes, slot);
        }
        s.bytes = b;
        s.depth = d;
        depths[slot] = md;
        return s;
    }

    /**
     * The hot check of a rewritten cycle, called on every level with the depth its parameter carries:
     * every {@code mask + 1} levels a {@link #checkpoint}. The mask test is here, not in the rewritten
     * method, so that its branch profile is this method's: shared by every rewritten cycle and run both
     * ways by {@link #warmUp}. Inlined, C2 then compiles the look as a call. With the test in the
     * method itself, a method warmed up shallow (never 64 levels deep) had it compiled as an uncommon
     * trap: the first deep recursion deoptimized there and ran on interpreted, reaching a tenth of its
     * compiled depth before its overflow.
     *
     * <p>{@link #checkpoint} itself is never inlined ({@code DontInline}, honoured for the boot
     * loader's classes): inlined into a rewritten method with the cold path behind it, the first
     * branch of the cold path that the warm-up had not taken (the first warning) deoptimized the whole
     * recursion; a two-method cycle then reached 8% of its compiled depth in half the runs (JDK 17),
     * and 40% in every run without the inlining.
     */
    public static void look(int depth, int mask, int methodId, int roundBytes) {
        if ((depth & mask) == 0) {
            checkpoint(depth, methodId, roundBytes);
        }
    }

    /**
     * Called by a rewritten cycle every few dozen levels (where {@code depth & mask} is zero): the
     * depth travels as a parameter of the cycle's methods, and {@code depth} is the thread's whole
     * depth (its counted frames up to the cycle's entry, and the cycle's frames since). Returns at once
     * while the thread is far from every mark; otherwise reads the stack and judges it as an enter
     * would, without counting a frame.
     *
     * @param roundBytes estimated bytes of one frame of the cycle, for the estimate between readings
     * @throws io.stackwatch.core.StackDepthExceededError when {@code action=throw} stops the call
     */
    @jdk.internal.vm.annotation.DontInline // see look: a call, never inlined into the rewritten method
    public static void checkpoint(int depth, int methodId, int roundBytes) {
        ThreadStackState s = STATE.get();
        // Frames of the cycle since its entry, each at the cycle's estimated size.
        long b = s.bytes + (long) (depth - s.depth) * roundBytes;
        // What other threads can see of a depth kept in frames: two stores every few dozen levels.
        s.checkpointDepth = depth;
        s.checkpointBytes = b;
        if (b >= s.enterBytesMark || depth >= s.enterDepthMark || s.cold == null) {
            ColdPath.checkpoint(s, methodId, roundBytes, depth, b);
        }
    }

    /**
     * Called by a rewritten cycle's frame when a {@link StackOverflowError} unwinds through it (its
     * handler rethrows the error unchanged). The first frame that has room for this call reports the
     * overflow, at its depth.
     */
    public static void unwinding(Throwable thrown, int depth, int methodId, int roundBytes) {
        if (thrown instanceof io.stackwatch.core.StackDepthExceededError) {
            return; // the agent's own interception, reported when it was thrown
        }
        ColdPath.unwinding(STATE.get(), thrown, depth, methodId, roundBytes);
    }

    /**
     * Called by the JDK's own code (the agent puts this call at the start of
     * {@code Throwable.getOurStackTrace} and {@code ThreadGroup.uncaughtException}) with a throwable
     * whose stack trace is being read or that ends a thread: a {@link StackOverflowError} among them
     * is a sighting for the learner. A type test and a few field writes; never throws.
     */
    public static void sighted(Throwable t) {
        if (t instanceof StackOverflowError && !detached) {
            try {
                OverflowSightings.offer(t);
            } catch (Throwable ignored) {
                // no room left to note it: the next sighting will do
            }
        }
    }

    /**
     * Called by instrumented code right before it calls a native method of a non-JDK class: C frames
     * run on this same stack, unseen, and an overflow inside them crashes the JVM instead of throwing.
     * Takes a fresh stack-pointer reading (about 8 ns; only where native readings are on) so that the
     * verdict before C code runs rests on real bytes, however many unseen frames lie below.
     *
     * @throws io.stackwatch.core.StackDepthExceededError when {@code action=throw} stops the call
     */
    public static void beforeNative(int methodId) {
        ThreadStackState s = STATE.get();
        ColdState c = s.cold;
        if (c == null) {
            // A thread still shallow has no cold part yet; it gets one (once, on this cold branch) only
            // when readings are on, so with native=off a native call costs a thread-local read and a branch.
            if (!policy.nativeReadings() || !attachCold(s)) {
                return;
            }
            c = s.cold;
        }
        // Only a thread that measures reads; none while the agent's own cold-path work is running.
        if (c.measuring && !c.busy && !detached) {
            ColdPath.beforeNative(s, methodId);
        }
    }

    /**
     * Called by exit advice, after it has already taken the frame off the count, when the depth
     * fell to the exit mark or the method ended by throwing.
     */
    public static void exit(ThreadStackState s, Throwable thrown, int methodId, int frameBytes) {
        if (isUncounted(s)) {
            return;
        }
        ColdPath.exit(s, thrown, methodId, frameBytes);
    }
}
