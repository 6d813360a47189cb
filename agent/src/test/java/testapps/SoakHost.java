package testapps;

import io.stackwatch.core.tracking.LiveThreads;
import io.stackwatch.core.tracking.ThreadStackState;
import io.stackwatch.core.tracking.Tracker;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many threads recursing and unwinding for a while: returning normally, unwinding by an exception
 * thrown deep down, and overflowing the real stack. After every round the thread's own tracked depth
 * must be back to 0; at the end, with every worker still alive and parked, the agent's registry of
 * live states ({@code LiveThreads}) must show each of them at depth 0 with no per-method count left.
 * Args: threads seconds.
 */
public final class SoakHost {

    static final class Unwind extends RuntimeException {
        Unwind() {
            super(null, null, false, false);
        }
    }

    static long down(long n, long limit, boolean throwAtBottom) {
        if (n >= limit) {
            if (throwAtBottom) {
                throw new Unwind();
            }
            return n;
        }
        return down(n + 1, limit, throwAtBottom) + 1;
    }

    static long runaway(long n) {
        return runaway(n + 1) + 1;
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        long seconds = Long.parseLong(args[1]);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong normal = new AtomicLong();
        AtomicLong exceptions = new AtomicLong();
        AtomicLong overflows = new AtomicLong();
        AtomicLong wrongDepth = new AtomicLong();
        CyclicBarrier done = new CyclicBarrier(threads + 1);
        CyclicBarrier release = new CyclicBarrier(threads + 1);
        java.util.Set<String> names = ConcurrentHashMap.newKeySet();
        for (int t = 0; t < threads; t++) {
            Random random = new Random(t);
            Thread worker = new Thread(() -> {
                while (System.nanoTime() < end) {
                    int kind = random.nextInt(10);
                    try {
                        if (kind < 6) {
                            down(0, 1 + random.nextInt(2_000), false);
                            normal.incrementAndGet();
                        } else if (kind < 9) {
                            down(0, 1 + random.nextInt(2_000), true);
                        } else {
                            runaway(0);
                        }
                    } catch (Unwind e) {
                        exceptions.incrementAndGet();
                    } catch (StackOverflowError e) {
                        overflows.incrementAndGet();
                    }
                    if (Tracker.current().depth != 0) {
                        wrongDepth.incrementAndGet();
                    }
                }
                try {
                    done.await();
                    release.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "soak-" + t);
            names.add(worker.getName());
            worker.start();
        }
        done.await();
        // Every worker is alive and parked: read their states as the agent's own readers do.
        long[] checked = new long[2];
        LiveThreads.forEach(s -> {
            Thread owner = s.thread();
            if (owner != null && names.contains(owner.getName())) {
                checked[0]++;
                if (s.depth != 0 || Arrays.stream(s.methodDepth).anyMatch(d -> d != 0)) {
                    checked[1]++;
                    System.out.println("not back to 0: " + owner.getName() + " depth=" + s.depth + " methodDepth="
                            + Arrays.toString(s.methodDepth));
                }
            }
        });
        release.await();
        System.out.println("soak threads=" + threads + " seconds=" + seconds + " normal=" + normal + " exceptions=" + exceptions
                + " overflows=" + overflows + " wrongDepthAfterRound=" + wrongDepth + " liveStatesChecked=" + checked[0]
                + " liveStatesNotZero=" + checked[1]);
        System.out.println("done");
    }
}
