package testapps;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.IntUnaryOperator;

/**
 * Recursions whose cycle the bytecode does not show, each run unbounded three times, a few seconds
 * apart, on threads {@code round-1..3}; an overflow's trace is read, as an error reporter would.
 * <ul>
 * <li>{@code reflection}: {@code walk} calls itself through {@link Method#invoke};</li>
 * <li>{@code proxy}: a dynamic proxy's handler calls the proxy again;</li>
 * <li>{@code lambda}: a lambda calls itself through the functional interface it implements;</li>
 * <li>{@code uncaught}: the reflective walk, its overflow left to end the thread, whose handler
 * reads only the error's class;</li>
 * <li>{@code patrol}: the reflective walk first held 600 levels deep for two seconds (round 0), then
 * run unbounded.</li>
 * </ul>
 */
public final class RuntimeCycles {

    static final int UNBOUNDED = 10_000_000;
    private static final Method WALK;

    static {
        try {
            WALK = RuntimeCycles.class.getMethod("walk", int.class, long.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    interface Descent {
        int down(int n);
    }

    static IntUnaryOperator viaLambda;
    static Descent viaProxy;

    private RuntimeCycles() {
    }

    /** One level of the reflective recursion; at {@code n == 0} it holds for {@code holdMillis}. */
    public static int walk(int n, long holdMillis) throws Throwable {
        if (n == 0) {
            Thread.sleep(holdMillis);
            return 0;
        }
        try {
            return 1 + (Integer) WALK.invoke(null, n - 1, holdMillis);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        viaLambda = n -> n == 0 ? 0 : 1 + viaLambda.applyAsInt(n - 1);
        viaProxy = (Descent) Proxy.newProxyInstance(RuntimeCycles.class.getClassLoader(), new Class<?>[]{Descent.class},
                new InvocationHandler() {
                    @Override
                    public Object invoke(Object proxy, Method method, Object[] a) {
                        int n = (Integer) a[0];
                        return n == 0 ? 0 : 1 + viaProxy.down(n - 1);
                    }
                });
        // A service is up a while before its first hostile request.
        Thread.sleep(1_000);
        if (mode.equals("patrol")) {
            round(0, mode, 600, 2_000);
            Thread.sleep(1_000);
        }
        for (int round = 1; round <= 3; round++) {
            round(round, mode, UNBOUNDED, 0);
            Thread.sleep(2_500);
        }
        System.out.println("done");
    }

    private static void round(int round, String mode, int depth, long holdMillis) throws InterruptedException {
        Thread t = new Thread(() -> {
            if (mode.equals("uncaught")) {
                sneak(() -> descend(mode, depth, holdMillis));
                return;
            }
            try {
                int reached = descend(mode, depth, holdMillis);
                System.out.println("round " + round + ": returned from depth " + reached);
            } catch (Throwable e) {
                StackOverflowError overflow = overflow(e);
                if (overflow == null) {
                    System.out.println("round " + round + ": failed " + e);
                } else {
                    // What an error reporter does: the trace is read.
                    System.out.println("round " + round + ": " + overflow.getClass().getName() + " with "
                            + overflow.getStackTrace().length + " frames");
                }
            }
        }, "round-" + round);
        t.setUncaughtExceptionHandler((thread, e) -> {
            StackOverflowError overflow = overflow(e);
            System.out.println("round " + round + ": uncaught " + (overflow == null ? e : overflow).getClass().getName());
        });
        t.start();
        t.join();
    }

    private static int descend(String mode, int depth, long holdMillis) throws Throwable {
        switch (mode) {
            case "reflection":
            case "uncaught":
            case "patrol":
                return walk(depth, holdMillis);
            case "proxy":
                return viaProxy.down(depth);
            case "lambda":
                return viaLambda.applyAsInt(depth);
            default:
                throw new IllegalArgumentException(mode);
        }
    }

    /** Rethrows what the walk threw, unchecked, to end the thread. */
    private static void sneak(ThrowingInt walk) {
        try {
            walk.run();
        } catch (Throwable e) {
            RuntimeCycles.<RuntimeException>rethrow(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void rethrow(Throwable e) throws E {
        throw (E) e;
    }

    interface ThrowingInt {
        int run() throws Throwable;
    }

    /** The overflow itself, or the one a proxy or reflection wrapped. */
    private static StackOverflowError overflow(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StackOverflowError) {
                return (StackOverflowError) t;
            }
        }
        return null;
    }
}
