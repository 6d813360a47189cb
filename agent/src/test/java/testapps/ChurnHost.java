package testapps;

import io.stackwatch.core.tracking.LiveThreads;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import javax.management.ObjectName;

/**
 * Starts and ends many short-lived threads, each running an instrumented recursion (so the agent
 * creates its per-thread state for each), then prints the agent's classes from a live-object heap
 * histogram of itself ({@code GC.class_histogram}, which collects first).
 * Args: kind (platform | virtual) threads.
 */
public final class ChurnHost {

    static int down(int n) {
        return n == 0 ? 0 : down(n - 1) + 1;
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        int total = Integer.parseInt(args[1]);
        int batch = 16;
        long sum = 0;
        int[] results = new int[batch];
        for (int started = 0; started < total; started += batch) {
            Thread[] threads = new Thread[Math.min(batch, total - started)];
            for (int i = 0; i < threads.length; i++) {
                int slot = i;
                Runnable task = () -> results[slot] = down(20);
                threads[i] = kind.equals("virtual") ? startVirtual(task) : startPlatform(task);
            }
            for (Thread t : threads) {
                t.join();
            }
            for (int i = 0; i < threads.length; i++) {
                sum += results[i];
            }
        }
        System.out.println("threads=" + total + " kind=" + kind + " sum=" + sum);
        // Let the collector clear the dead threads' states and the registry drop their entries.
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        System.out.println("liveThreads=" + LiveThreads.count());
        for (String line : histogram()) {
            System.out.println("histogram " + line);
        }
        System.out.println("done");
    }

    private static Thread startPlatform(Runnable task) {
        Thread t = new Thread(task);
        t.start();
        return t;
    }

    private static Thread startVirtual(Runnable task) throws Exception {
        Method start = Thread.class.getMethod("startVirtualThread", Runnable.class);
        return (Thread) start.invoke(null, task);
    }

    /**
     * The histogram's rows for stackwatch's classes: "count bytes class". GC.class_histogram run
     * in-process through the DiagnosticCommand MBean: on JDK 25 with the agent, the same command
     * sent by jcmd through the attach mechanism never returned (VM.version and Thread.print did).
     */
    private static List<String> histogram() throws Exception {
        Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        List<String> rows = new ArrayList<>();
        for (String line : text.toString().split("\n")) {
            // "   1:        100        2400  io.stackwatch.core.tracking.ThreadStackState (java.base@...)"
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[3].startsWith("io.stackwatch.")) {
                rows.add(f[1] + " " + f[2] + " " + f[3]);
            }
        }
        return rows;
    }
}
