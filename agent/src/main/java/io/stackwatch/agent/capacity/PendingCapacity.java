package io.stackwatch.agent.capacity;

import io.stackwatch.core.tracking.StackCapacityProbe;

import java.lang.instrument.Instrumentation;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * {@link JvmStackCapacity}, read on a thread of its own while the agent starts: the VM's flags come
 * through {@code java.management}, whose classes took 25–60 ms to load on the way to the application's
 * {@code main} (measured). A thread that needs its capacity before the read is done (its first
 * cold-path visit, in the first tens of milliseconds) waits for it, once.
 */
public final class PendingCapacity implements StackCapacityProbe {

    private final FutureTask<JvmStackCapacity> read;
    private volatile StackCapacityProbe ready;

    private PendingCapacity(FutureTask<JvmStackCapacity> read) {
        this.read = read;
    }

    /** Starts reading the flags (and opening {@code java.lang} for a thread's requested size). */
    public static PendingCapacity start(Instrumentation inst, long overrideBytes) {
        PendingCapacity p = new PendingCapacity(new FutureTask<>(new Read(inst, overrideBytes)));
        Thread t = new Thread(p.read, "stackwatch-capacity");
        t.setDaemon(true);
        t.start();
        return p;
    }

    /** The read probe, waiting for it if need be; {@link StackCapacityProbe#DEFAULT} if the read failed. */
    public StackCapacityProbe probe() {
        StackCapacityProbe p = ready;
        if (p != null) {
            return p;
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    p = read.get();
                    break;
                } catch (InterruptedException e) {
                    // The host's interrupt is for the host's code: keep waiting, hand it back after.
                    interrupted = true;
                } catch (ExecutionException | RuntimeException e) {
                    p = StackCapacityProbe.DEFAULT;
                    break;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        ready = p;
        return p;
    }

    @Override
    public long capacityBytes(Thread thread) {
        return probe().capacityBytes(thread);
    }

    @Override
    public boolean isVirtual(Thread thread) {
        return probe().isVirtual(thread);
    }

    @Override
    public long zoneBytes() {
        return probe().zoneBytes();
    }

    /** A class rather than a capturing lambda: nothing is spun on the way to main. */
    private static final class Read implements Callable<JvmStackCapacity> {
        private final Instrumentation inst;
        private final long overrideBytes;

        Read(Instrumentation inst, long overrideBytes) {
            this.inst = inst;
            this.overrideBytes = overrideBytes;
        }

        @Override
        public JvmStackCapacity call() {
            return JvmStackCapacity.create(inst, overrideBytes);
        }
    }
}
