package io.stackwatch.bench.accuracy;

import java.lang.reflect.Method;

/**
 * The program the accuracy matrix runs under the agent: a runaway recursion with small or large
 * frames, interpreted (the matrix runs it with {@code -Xint}) or warmed up first so that the JIT has
 * compiled the very method that then runs away, on a platform or virtual thread.
 * {@code hot} warms up for two seconds instead of a fixed number of calls, so that the compiler has
 * caught up however busy the machine is (the performance suite's steady state).
 * Args: small|large cold|warm|hot platform|virtual stackSizeBytes(0 = default). Prints "overflow at N".
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

    public static void main(String[] args) throws Exception {
        boolean large = args[0].equals("large");
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
                        sum += large ? large(0, 20) : small(0, 20);
                    }
                } while (System.nanoTime() < until);
                if (sum == 42) {
                    System.out.println();
                }
            }
            try {
                if (large) {
                    large(0, Long.MAX_VALUE);
                } else {
                    small(0, Long.MAX_VALUE);
                }
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
