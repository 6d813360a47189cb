package io.stackwatch.bench.accuracy;

import java.lang.reflect.Method;

/**
 * The program the accuracy matrix runs under the agent: a runaway recursion with small or large
 * frames, interpreted (the matrix runs it with {@code -Xint}) or warmed up first so that the JIT has
 * compiled the very method that then runs away, on a platform or virtual thread.
 * {@code hot} warms up for two seconds instead of a fixed number of calls, so that the compiler has
 * caught up however busy the machine is (the performance suite's steady state).
 * {@code pair} is a cycle of two methods (one round: {@code pairA} calls {@code pairB}, which calls
 * {@code pairA} again); its depth counts rounds. {@code visitor} is a cycle of two classes calling each
 * other through interfaces ({@link Chain#accept} calls {@link Visitor#visit}, which calls the next
 * element's {@link Element#accept}): open calls, which the agent watches with counting code; its depth
 * counts rounds too. A {@code -counter} suffix runs the hand-written thread-local counter's version,
 * {@code -param} (small only) the hand-written depth parameter's.
 * Args: small|large|pair|visitor[-counter|-param] cold|warm|hot|hot-deep platform|virtual
 * stackSizeBytes(0 = default). Prints "overflow at N".
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

    static long pairA(long n, long limit) {
        deepest = n;
        return n == limit ? n : pairB(n, limit) + 1;
    }

    static long pairB(long n, long limit) {
        return pairA(n + 1, limit) + 1;
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

    /** The pair counted once per round, as a hand-written depth limit would count it. */
    static long pairACounted(long n, long limit) {
        Count c = COUNT.get();
        c.value++;
        try {
            deepest = n;
            return n == limit ? n : pairBCounted(n, limit) + 1;
        } finally {
            c.value--;
        }
    }

    static long pairBCounted(long n, long limit) {
        return pairACounted(n + 1, limit) + 1;
    }

    /**
     * The hand-written depth parameter (the article's {@code safeDFS}) as the agent's rewrite writes
     * it: an {@code int} more, and every 64 levels an out-of-line look at it.
     */
    static long smallParam(long n, long limit, int depth) {
        if ((++depth & 63) == 0) {
            checkDepth(depth);
        }
        deepest = n;
        return n == limit ? n : smallParam(n + 1, limit, depth) + 1;
    }

    static void checkDepth(int depth) {
        if (depth == Integer.MAX_VALUE) {
            throw new IllegalStateException("too deep");
        }
    }

    /** An element of a visited structure. */
    interface Element {
        long accept(Visitor v, long n, long limit);
    }

    /** What visits it: each visit descends into the element's next. */
    interface Visitor {
        long visit(Element e, long n, long limit);
    }

    /** An element whose next is itself: a structure as deep as the visit goes. */
    static final class Chain implements Element {
        @Override
        public long accept(Visitor v, long n, long limit) {
            return v.visit(this, n, limit) + 1;
        }
    }

    static final class DepthVisitor implements Visitor {
        @Override
        public long visit(Element e, long n, long limit) {
            deepest = n;
            return n == limit ? n : e.accept(this, n + 1, limit) + 1;
        }
    }

    /** The visitor with the hand-written counter, once per round. */
    static final class CountedVisitor implements Visitor {
        @Override
        public long visit(Element e, long n, long limit) {
            Count c = COUNT.get();
            c.value++;
            try {
                deepest = n;
                return n == limit ? n : e.accept(this, n + 1, limit) + 1;
            } finally {
                c.value--;
            }
        }
    }

    private static final Element CHAIN = new Chain();
    private static final Visitor VISITOR = new DepthVisitor();
    private static final Visitor COUNTED_VISITOR = new CountedVisitor();

    /** small, large, pair or visitor; {@code variant}: "" as written, "counter" or "param" (hand-written). */
    static long run(String frames, String variant, long limit) {
        boolean counted = variant.equals("counter");
        if (variant.equals("param")) {
            if (!frames.equals("small")) {
                throw new IllegalArgumentException("a hand-written depth parameter for small only");
            }
            return smallParam(0, limit, 0);
        }
        switch (frames) {
            case "large": return counted ? largeCounted(0, limit) : large(0, limit);
            case "pair": return counted ? pairACounted(0, limit) : pairA(0, limit);
            case "visitor": return (counted ? COUNTED_VISITOR : VISITOR).visit(CHAIN, 0, limit);
            default: return counted ? smallCounted(0, limit) : small(0, limit);
        }
    }

    public static void main(String[] args) throws Exception {
        int dash = args[0].indexOf('-');
        String frames = dash < 0 ? args[0] : args[0].substring(0, dash);
        String variant = dash < 0 ? "" : args[0].substring(dash + 1);
        boolean hot = args[1].startsWith("hot");
        // hot-deep: the warm-up's recursions go 200 deep instead of 20 (past a depth parameter's first look at 64)
        long warmDepth = args[1].equals("hot-deep") ? 200 : 20;
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
                        sum += run(frames, variant, warmDepth);
                    }
                } while (System.nanoTime() < until);
                if (sum == 42) {
                    System.out.println();
                }
            }
            try {
                run(frames, variant, Long.MAX_VALUE);
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
