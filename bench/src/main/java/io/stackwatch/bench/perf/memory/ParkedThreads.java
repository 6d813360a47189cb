package io.stackwatch.bench.perf.memory;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The memory probe, run in a child JVM with and without the agent: starts {@code count} platform or
 * virtual threads, each does a shallow instrumented recursion and parks; then as many again, and
 * prints how much the heap (after collection) grew with the second wave. The growth with the agent
 * minus the growth without, divided by the count, is what the agent keeps per tracked thread.
 * Args: platform|virtual count [settleMillis].
 */
public final class ParkedThreads {

    private ParkedThreads() {
    }

    public static void main(String[] args) throws Throwable {
        boolean virtual = args[0].equals("virtual");
        int count = Integer.parseInt(args[1]);
        ShallowRecursion.descend(5);
        // Let the agent's start-up work on its own threads (the instrumentation build, the JIT primer,
        // logging) finish first.
        Thread.sleep(args.length > 2 ? Integer.parseInt(args[2]) : 2_000);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>(2 * count);
        // Two waves of the same size: the growth from the first to the second is what one more wave of
        // threads costs, free of anything the first wave set up once (classes, caches, the agent's own).
        startParked(virtual, count, release, threads);
        long first = settledHeap();
        startParked(virtual, count, release, threads);
        long second = settledHeap();
        System.out.println("heap growth " + (second - first));
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }
    }

    private static void startParked(boolean virtual, int count, CountDownLatch release, List<Thread> threads)
            throws Throwable {
        CountDownLatch done = new CountDownLatch(count);
        Runnable work = () -> {
            if (ShallowRecursion.descend(5) != 5) {
                throw new AssertionError();
            }
            done.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        MethodHandle startVirtual = virtual ? MethodHandles.publicLookup().findStatic(Thread.class,
                "startVirtualThread", MethodType.methodType(Thread.class, Runnable.class)) : null;
        for (int i = 0; i < count; i++) {
            if (virtual) {
                threads.add((Thread) startVirtual.invokeExact(work));
            } else {
                Thread t = new Thread(null, work, "parked-" + threads.size(), 256 * 1024);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
        }
        done.await();
    }

    private static long settledHeap() throws InterruptedException {
        long heap = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
            heap = Math.min(heap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return heap;
    }
}
