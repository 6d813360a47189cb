package io.stackwatch.core.tracking;

import io.stackwatch.core.event.EventQueue;
import io.stackwatch.core.event.EventType;
import io.stackwatch.core.event.StackEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Runs tracker scenarios the way instrumented code would, without an agent: a fresh thread per
 * scenario (the tracker's state is per thread and reads the policy when it is created), entries
 * through {@link Tracker#enter}, exits done exactly as the inlined exit advice does them.
 */
final class TrackerHarness {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private TrackerHarness() {
    }

    interface Scenario {
        void run() throws Throwable;
    }

    /** A probe that reports the same capacity for every thread. */
    static StackCapacityProbe fixedCapacity(long capacity) {
        return fixedCapacity(capacity, false);
    }

    static StackCapacityProbe fixedCapacity(long capacity, boolean virtual) {
        return new StackCapacityProbe() {
            @Override
            public long capacityBytes(Thread thread) {
                return capacity;
            }

            @Override
            public boolean isVirtual(Thread thread) {
                return virtual;
            }
        };
    }

    /** What the exit advice does: take the frame off inline, call the tracker only at a mark or on a throw. */
    static void exit(ThreadStackState s, int frameBytes, int methodId, Throwable thrown) {
        s.depth--;
        s.bytes -= frameBytes;
        if (s.depth <= s.exitDepthMark || thrown != null) {
            Tracker.exit(s, thrown, methodId, frameBytes);
        }
    }

    /** The exit advice of a method with a {@code limits} slot. */
    static void exitLimited(ThreadStackState s, int frameBytes, int methodId, int slot, Throwable thrown) {
        s.methodDepth[slot]--;
        exit(s, frameBytes, methodId, thrown);
    }

    static void enterTimes(int times, int methodId, int frameBytes) {
        for (int i = 0; i < times; i++) {
            Tracker.enter(methodId, frameBytes);
        }
    }

    static void exitTimes(int times, int methodId, int frameBytes) {
        ThreadStackState s = Tracker.current();
        for (int i = 0; i < times; i++) {
            exit(s, frameBytes, methodId, null);
        }
    }

    /** Throws away every queued event (the queue is global). */
    static void drainEvents() throws InterruptedException {
        while (EventQueue.poll(0, TimeUnit.MILLISECONDS) != null) {
            // discard
        }
    }

    /**
     * Installs the policy and probe, runs the scenario on a new thread and returns the events that
     * thread emitted. Failures inside the scenario (assertions included) are rethrown here.
     */
    static List<StackEvent> runOnFreshThread(Policy policy, StackCapacityProbe probe, Scenario scenario)
            throws Throwable {
        return runOnFreshThread(policy, probe, 0, scenario);
    }

    static List<StackEvent> runOnFreshThread(Policy policy, StackCapacityProbe probe, long threadStackSize,
                                             Scenario scenario) throws Throwable {
        Tracker.install(policy, probe);
        String name = "tracker-test-" + THREADS.incrementAndGet();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                scenario.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        }, name, threadStackSize);
        t.start();
        t.join(60_000);
        if (t.isAlive()) {
            throw new AssertionError("scenario thread " + name + " did not finish");
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        List<StackEvent> mine = new ArrayList<>();
        StackEvent e;
        while ((e = EventQueue.poll(0, TimeUnit.MILLISECONDS)) != null) {
            if (name.equals(e.threadName)) {
                mine.add(e);
            }
        }
        return mine;
    }

    static List<StackEvent> ofType(List<StackEvent> events, EventType type) {
        return events.stream().filter(e -> e.type == type).collect(Collectors.toList());
    }

    static List<EventType> types(List<StackEvent> events) {
        return events.stream().map(e -> e.type).collect(Collectors.toList());
    }

    /** A genuine {@link StackOverflowError} from the JVM. */
    static StackOverflowError realStackOverflow() {
        try {
            recurse(0);
        } catch (StackOverflowError e) {
            return e;
        }
        throw new AssertionError("no overflow");
    }

    private static int recurse(int n) {
        return recurse(n + 1) + 1;
    }
}
