package testapps;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * JDK dynamic proxies of a package-private interface: the JDK defines the proxy class in this
 * package, with this class's loader, so an agent that instruments every method of non-JDK classes
 * ({@code select=all}) rewrites it. The proxy's methods store the caught throwable into the slot of
 * their first argument. The handler recurses through the proxy, so the proxy's methods are on the
 * stack many times; it also throws declared and undeclared checked exceptions through them.
 */
public final class ProxyHost {

    interface Checker {
        boolean check(Class<?> type);

        int add(int a, long b, String c);

        String depth(int n, Object tag) throws IOException;

        void fail(String why) throws IOException;

        double mix(double a, float b, long c, Object d);
    }

    public static void main(String[] args) {
        Checker[] self = new Checker[1];
        InvocationHandler handler = new InvocationHandler() {
            @Override
            public Object invoke(Object proxy, Method method, Object[] a) throws Throwable {
                switch (method.getName()) {
                    case "check":
                        return ((Class<?>) a[0]).isInterface();
                    case "add":
                        return (int) a[0] + (int) (long) (Long) a[1] + ((String) a[2]).length();
                    case "depth": {
                        int n = (Integer) a[0];
                        return n <= 0 ? String.valueOf(a[1]) : self[0].depth(n - 1, a[1]) + "," + n;
                    }
                    case "fail":
                        if (a[0].equals("declared")) {
                            throw new IOException("declared " + a[0]);
                        }
                        if (a[0].equals("undeclared")) {
                            throw new Exception("undeclared " + a[0]);
                        }
                        throw new IllegalArgumentException("runtime " + a[0]);
                    case "mix":
                        return (Double) a[0] + (Float) a[1] + (Long) a[2] + a[3].toString().length();
                    default:
                        return method.getName();
                }
            }
        };
        Checker checker = (Checker) Proxy.newProxyInstance(ProxyHost.class.getClassLoader(), new Class<?>[]{Checker.class},
                handler);
        self[0] = checker;
        System.out.println("proxy in package " + checker.getClass().getPackageName());
        System.out.println("check " + checker.check(Runnable.class) + " " + checker.check(String.class));
        System.out.println("add " + checker.add(1, 2L, "three"));
        System.out.println("mix " + checker.mix(1.5, 2.5f, 3L, "four"));
        for (int round = 0; round < 3; round++) {
            try {
                System.out.println("depth " + checker.depth(200, "tag").length());
            } catch (IOException e) {
                System.out.println("depth threw " + e);
            }
        }
        for (String why : new String[]{"declared", "undeclared", "runtime"}) {
            try {
                checker.fail(why);
                System.out.println("fail returned");
            } catch (IOException | RuntimeException e) {
                System.out.println("fail threw " + e + (e.getCause() != null ? " caused by " + e.getCause() : ""));
            }
        }
        System.out.println("done");
    }
}
