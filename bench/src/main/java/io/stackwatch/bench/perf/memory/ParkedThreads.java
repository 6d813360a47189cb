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
 * virtual threads, each does a shallow instrumented recursion and parks; with all of them parked it
 * collects garbage and prints how much the heap grew over the heap before the threads started (the
 * main thread has run the recursion once by then, so the agent's own start-up is in both figures).
 * The growth with the agent minus the growth without, divided by the count, is what the agent keeps
 * per tracked thread. Args: platform|virtual count.
 */
public final class ParkedThreads {

    private ParkedThreads() {
    }

    public static void main(String[] args) throws Throwable {
        boolean virtual = args[0].equals("virtual");
        int count = Integer.parseInt(args[1]);
        ShallowRecursion.descend(5);
        long before = settledHeap();
        CountDownLatch done = new CountDownLatch(count);
        CountDownLatch release = new CountDownLatch(1);
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
        List<Thread> threads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (virtual) {
                threads.add((Thread) startVirtual.invokeExact(work));
            } else {
                Thread t = new Thread(null, work, "parked-" + i, 256 * 1024);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
        }
        done.await();
        System.out.println("heap growth " + (settledHeap() - before));
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }
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
