package testapps;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ObjectName;

/**
 * Starts many short-lived virtual threads, each doing a shallow instrumented recursion deep enough
 * for a real stack reading, then prints how many of the agent's per-thread states are still alive.
 */
public final class ManyVirtualThreads {

    static long down(int n) {
        return n == 0 ? 0 : down(n - 1) + 1;
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        AtomicLong sum = new AtomicLong();
        Method factory = java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        // Compiled for Java 17, where ExecutorService is not AutoCloseable: shut it down by hand.
        ExecutorService pool = (ExecutorService) factory.invoke(null);
        for (int i = 0; i < threads; i++) {
            pool.execute(() -> sum.addAndGet(down(40)));
        }
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.MINUTES);
        System.out.println("sum=" + sum.get());
        // A full GC, then count the live ThreadStackState instances in a class histogram.
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[]{null}, new String[]{String[].class.getName()});
        long live = 0;
        for (String line : histogram.split("\n")) {
            if (line.trim().endsWith("io.stackwatch.core.tracking.ThreadStackState")) {
                live = Long.parseLong(line.trim().split("\\s+")[1]);
            }
        }
        System.out.println("liveStates=" + live);
    }
}
