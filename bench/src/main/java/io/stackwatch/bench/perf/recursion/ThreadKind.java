package io.stackwatch.bench.perf.recursion;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Callable;

/** Where a batch of walks runs: on the benchmark's own platform thread, or on a fresh virtual thread. */
public enum ThreadKind {
    platform,
    virtual;

    // Thread.startVirtualThread is JDK 21+; the bench is compiled for 17.
    private static final MethodHandle START_VIRTUAL = startVirtual();

    public int run(Callable<Integer> batch) throws Exception {
        if (this == platform) {
            return batch.call();
        }
        if (START_VIRTUAL == null) {
            throw new IllegalStateException("virtual threads need JDK 21 or later");
        }
        int[] result = new int[1];
        Exception[] failure = new Exception[1];
        Runnable task = () -> {
            try {
                result[0] = batch.call();
            } catch (Exception e) {
                failure[0] = e;
            }
        };
        Thread t;
        try {
            t = (Thread) START_VIRTUAL.invokeExact(task);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        t.join();
        if (failure[0] != null) {
            throw failure[0];
        }
        return result[0];
    }

    public static boolean virtualAvailable() {
        return START_VIRTUAL != null;
    }

    private static MethodHandle startVirtual() {
        try {
            return MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
                    MethodType.methodType(Thread.class, Runnable.class));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
