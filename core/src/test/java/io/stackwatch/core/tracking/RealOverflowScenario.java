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
    static final int TRIALS = 120;

    private static int id;

    private RealOverflowScenario() {
    }

    public static void main(String[] args) throws Exception {
        int requested = args.length > 0 ? Integer.parseInt(args[0]) : TRIALS;
        id = MethodRegistry.register("demo.Foo#bar");
        Tracker.install(Policy.builder().build(), TrackerHarness.fixedCapacity(CAPACITY));

        // Each trial starts the recursion a few frames further down, so that the real overflow
        // strikes at a different point of the tracker's cold path each time.
        int caught = 0;
        int clean = 0;
        long overflows = 0;
        long warnings = 0;
        int trials = requested;
        for (int k = 0; k < requested; k++) {
            final int pad = k;
            final int[] out = new int[4];
            Thread t = new Thread(null, () -> {
                out[0] = pad(pad, 1) == Long.MIN_VALUE ? 0 : 1;
                ThreadStackState s = Tracker.current();
                out[1] = s.depth == 0 && s.bytes == 0 ? 1 : 0;
                out[2] = (int) s.overflows();
                out[3] = (int) s.warnings();
            }, THREAD + "-" + k, 512 * 1024);
            t.setDaemon(true);
            t.start();
            t.join(10_000);
            if (t.isAlive()) {
                // Stuck in the tracker (before the lock-free EventQueue: a lock left held by an
                // earlier trial's overflow).
                System.out.println("hungTrial=" + k);
                trials = k;
                break;
            }
            caught += out[0];
            clean += out[1];
            overflows += out[2];
            warnings += out[3];
        }
        System.out.println("trials=" + trials);
        System.out.println("caught=" + caught);
        System.out.println("backToZero=" + clean);
        System.out.println("overflows=" + overflows);
        System.out.println("warnings=" + warnings);
        System.out.println("agentFaults=" + AgentFaults.count());

        ExecutorService helper = Executors.newSingleThreadExecutor(r -> {
            Thread d = new Thread(r, "helper");
            d.setDaemon(true);
            return d;
        });

        // 1. Can the events still be read? Per trial thread: its events in order, ";"-separated.
        final int ran = trials;
        Future<String> drained = helper.submit(() -> {
            List<List<String>> perTrial = new ArrayList<>();
            for (int k = 0; k <= ran; k++) {
                perTrial.add(new ArrayList<>());
            }
            StackEvent e;
            while ((e = EventQueue.poll(0, TimeUnit.MILLISECONDS)) != null) {
                if (e.threadName.startsWith(THREAD + "-")) {
                    int k = Integer.parseInt(e.threadName.substring(THREAD.length() + 1));
                    if (k < ran) {
                        perTrial.get(k).add(e.type + "@" + e.depth + (e.type.name().equals("OVERFLOW") ? "#" + e.overflowEpisode : ""));
                    }
                }
            }
            StringBuilder sb = new StringBuilder();
            for (List<String> l : perTrial.subList(0, ran)) {
                sb.append(sb.length() == 0 ? "" : ";").append(String.join(",", l));
            }
            return sb.toString();
        });
        try {
            String events = drained.get(5, TimeUnit.SECONDS);
            System.out.println("queueUsable=true");
            System.out.println("events=" + events);
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

    /** {@code k} uninstrumented frames, then the runaway recursion; returns 1 when it overflowed. */
    private static long pad(int k, long x) {
        if (k == 0) {
            try {
                descend();
                return Long.MIN_VALUE;
            } catch (StackOverflowError expected) {
                return 1;
            }
        }
        long a = x + 1;
        long b = a * 3;
        long r = pad(k - 1, a + b);
        return r == Long.MIN_VALUE ? r : 1;
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
                    Tracker.exit(s, thrown, id, FRAME);
                }
            }
        }
    }
}
