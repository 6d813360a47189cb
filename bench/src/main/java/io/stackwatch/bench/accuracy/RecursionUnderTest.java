package io.stackwatch.bench.accuracy;

import java.lang.reflect.Method;

/**
 * The program the accuracy matrix runs under the agent: a runaway recursion with small or large
 * frames, interpreted (the matrix runs it with {@code -Xint}) or warmed up first so that the JIT has
 * compiled the very method that then runs away, on a platform or virtual thread.
 * {@code hot} warms up for two seconds instead of a fixed number of calls, so that the compiler has
 * caught up however busy the machine is (the performance suite's steady state).
 * Args: small|large|small-counter|large-counter cold|warm|hot platform|virtual stackSizeBytes(0 = default). Prints "overflow at N".
 */
public final class RecursionUnderTest {

    static long deepest;

    static long small(long n, long limit) {
        deepest = n;
        return n == limit ? n : small(n + 1, limit) + 1;
    }

    static long large(long n, long limit) {
        long a = n + 1, b = a * 3, c = b ^ a, d = c + 7, e = d * b, f = e - c, g = f + a, h = g * 5, i = h ^ d, j = i + e;
        long k = j * 3, l = k ^ f, m = l + g, o = m * h, p = o ^ i, q = p + j, r = q * k, s = r ^ l, t = s + m;
        deepest = n;
        return n == limit ? n : large(n + 1, limit) + (t & 1);
    }

    // The best hand-written equivalent of what the agent adds (a thread-local count, decremented in
    // finally), as a reference for the stack it costs: the performance suite's depth table.
    static final class Count {
        int value;
    }

    static final ThreadLocal<Count> COUNT = new ThreadLocal<Count>() {
        @Override
        protected Count initialValue() {
            return new Count();
        }
    };

    static long smallCounted(long n, long limit) {
        Count c = COUNT.get();
        c.value++;
        try {
            deepest = n;
            return n == limit ? n : smallCounted(n + 1, limit) + 1;
        } finally {
            c.value--;
        }
    }

    static long largeCounted(long n, long limit) {
        Count cnt = COUNT.get();
        cnt.value++;
        try {
            long a = n + 1, b = a * 3, c = b ^ a, d = c + 7, e = d * b, f = e - c, g = f + a, h = g * 5, i = h ^ d, j = i + e;
            long k = j * 3, l = k ^ f, m = l + g, o = m * h, p = o ^ i, q = p + j, r = q * k, s = r ^ l, t = s + m;
            deepest = n;
            return n == limit ? n : largeCounted(n + 1, limit) + (t & 1);
        } finally {
            cnt.value--;
        }
    }

    /** small or large, the hand-written counter's version when {@code counted}. */
    static long run(boolean large, boolean counted, long limit) {
        if (counted) {
            return large ? largeCounted(0, limit) : smallCounted(0, limit);
        }
        return large ? large(0, limit) : small(0, limit);
    }

    public static void main(String[] args) throws Exception {
        // small, large, small-counter, large-counter
        boolean counted = args[0].endsWith("-counter");
        boolean large = args[0].startsWith("large");
        boolean hot = args[1].equals("hot");
        boolean warm = hot || args[1].equals("warm");
        boolean virtual = args[2].equals("virtual");
        long stackSize = Long.parseLong(args[3]);
        Runnable work = () -> {
            if (warm) {
                // Enough shallow calls for C1 and C2 to compile the recursion before the deep run.
                long sum = 0;
                long until = System.nanoTime() + (hot ? 2_000_000_000L : 0);
                do {
                    for (int i = 0; i < 20_000; i++) {
                        sum += run(large, counted, 20);
                    }
                } while (System.nanoTime() < until);
                if (sum == 42) {
                    System.out.println();
                }
            }
            try {
                run(large, counted, Long.MAX_VALUE);
            } catch (StackOverflowError e) {
                System.out.println("overflow at " + deepest);
            }
        };
        Thread t;
        if (virtual) {
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            builder = builderType.getMethod("name", String.class).invoke(builder, "under-test");
            Method unstarted = builderType.getMethod("unstarted", Runnable.class);
            t = (Thread) unstarted.invoke(builder, work);
        } else {
            t = new Thread(null, work, "under-test", stackSize);
        }
        t.start();
        t.join();
    }
}
