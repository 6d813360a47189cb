package testapps;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/**
 * A runaway recursion that overflows (or, under action=throw, is stopped) once, then the agent's
 * MBean read back through this JVM's own platform MBean server, as a JMX console would: prints
 * "MBEAN name=value" for every attribute. Arg: the counter attribute to wait for (Overflows).
 */
public final class ObservedHost {

    static long runaway(long n) {
        return runaway(n + 1) + 1;
    }

    static int parked(int n, java.util.concurrent.CountDownLatch deep) throws InterruptedException {
        if (n == 0) {
            deep.countDown();
            Thread.sleep(60_000);
            return 0;
        }
        return parked(n - 1, deep) + 1;
    }

    public static void main(String[] args) throws Exception {
        String awaited = args.length > 0 ? args[0] : "Overflows";
        // A live thread parked 500 calls deep, for the MBean's live figures (the worker below ends).
        java.util.concurrent.CountDownLatch deep = new java.util.concurrent.CountDownLatch(1);
        Thread parked = new Thread(() -> {
            try {
                parked(500, deep);
            } catch (InterruptedException ignored) {
                // done
            }
        }, "observed-parked");
        parked.setDaemon(true);
        parked.start();
        deep.await();
        TrackerProbe.runOn("platform", 0, "observed-worker", () -> {
            try {
                runaway(0);
            } catch (StackOverflowError e) {
                System.out.println("overflow " + e.getClass().getName());
            }
        });
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("io.stackwatch:type=Stackwatch");
        // The agent counts on its own background thread: wait for it, as a console refresh would.
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline
                && (!server.isRegistered(name) || ((Long) server.getAttribute(name, awaited)) < 1)) {
            Thread.sleep(100);
        }
        for (MBeanAttributeInfo a : server.getMBeanInfo(name).getAttributes()) {
            Object v = server.getAttribute(name, a.getName());
            System.out.println("MBEAN " + a.getName() + "=" + (v instanceof String[] ? String.join(" | ", (String[]) v) : v));
        }
        System.out.println("done");
    }
}
