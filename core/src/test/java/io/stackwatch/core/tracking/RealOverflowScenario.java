package io.stackwatch.core.tracking;

import io.stackwatch.core.event.EventQueue;
import io.stackwatch.core.event.StackEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Run in its own JVM by {@link RealStackOverflowTest}: a real recursion, with the exit advice
 * emulated around every call, runs into a real {@link StackOverflowError} on a 512 KiB thread.
 * The tracker's cold path then runs at the very end of the stack, and whatever it leaves behind
 * (the event queue is global) must not leak into other tests. Prints {@code key=value} lines.
 */
public final class RealOverflowScenario {

    static final int FRAME = 10;
    static final long CAPACITY = 10_000;
    static final String THREAD = "real-overflow";

    private static int id;

    private RealOverflowScenario() {
    }

    public static void main(String[] args) throws Exception {
        id = MethodRegistry.register("demo.Foo#bar");
        Tracker.install(Policy.builder().build(), TrackerHarness.fixedCapacity(CAPACITY));

        Thread t = new Thread(null, () -> {
            try {
                descend();
                System.out.println("caught=false");
            } catch (StackOverflowError e) {
                System.out.println("caught=true");
            }
            ThreadStackState s = Tracker.current();
            System.out.println("depth=" + s.depth);
            System.out.println("bytes=" + s.bytes);
            System.out.println("overflows=" + s.overflows());
            System.out.println("warnings=" + s.warnings());
        }, THREAD, 512 * 1024);
        t.start();
        t.join();
        System.out.println("agentFaults=" + AgentFaults.count());

        ExecutorService helper = Executors.newSingleThreadExecutor(r -> {
            Thread d = new Thread(r, "helper");
            d.setDaemon(true);
            return d;
        });

        // 1. Can the events still be read?
        Future<List<String>> drained = helper.submit(() -> {
            List<String> types = new ArrayList<>();
            StackEvent e;
            while ((e = EventQueue.poll(0, TimeUnit.MILLISECONDS)) != null) {
                if (THREAD.equals(e.threadName)) {
                    types.add(e.type + "@" + e.depth);
                }
            }
            return types;
        });
        try {
            List<String> types = drained.get(5, TimeUnit.SECONDS);
            System.out.println("queueUsable=true");
            System.out.println("events=" + String.join(",", types));
        } catch (TimeoutException stuck) {
            System.out.println("queueUsable=false");
        }

        // 2. Does another instrumented thread still get through its own warning?
        Thread other = new Thread(() -> {
            for (int i = 0; i < 700; i++) {
                Tracker.enter(id, FRAME); // the 700th call crosses warnAt and emits a WARN
            }
        }, "other-thread");
        other.setDaemon(true);
        other.start();
        other.join(5_000);
        System.out.println("otherThreadWarnCompletes=" + !other.isAlive());
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static void descend() {
        ThreadStackState s = Tracker.enter(id, FRAME);
        Throwable thrown = null;
        try {
            descend();
        } catch (Throwable t) {
            thrown = t;
            throw t;
        } finally {
            if (s != null) {
                // The exit advice, inlined.
                s.depth--;
                s.bytes -= FRAME;
                if (s.depth <= s.exitDepthMark || thrown != null) {
                    Tracker.exit(s, thrown, id);
                }
            }
        }
    }
}
