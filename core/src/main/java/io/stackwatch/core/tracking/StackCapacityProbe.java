package io.stackwatch.core.tracking;

/**
 * Tells the tracker how many bytes of stack a thread may use before the JVM throws
 * {@link StackOverflowError}. Implemented by the agent, which can read VM flags and private thread
 * fields that the bootstrap-loaded core cannot reach on its own. Called once per thread, on the
 * thread's first instrumented call.
 */
public interface StackCapacityProbe {

    /** Usable bytes of the thread's stack: its size less the VM's guard and shadow zones. */
    long capacityBytes(Thread thread);

    /** Whether the thread is a virtual thread (always false before JDK 21). */
    boolean isVirtual(Thread thread);

    /** Bytes at the low end of every thread stack that the JVM keeps for itself (guard and shadow zones). */
    default long zoneBytes() {
        return 96 * 1024;
    }

    /** A fallback for when nothing better is known: 1 MiB less 96 KiB of guard zones. */
    StackCapacityProbe DEFAULT = new StackCapacityProbe() {
        @Override
        public long capacityBytes(Thread thread) {
            return 1024 * 1024 - 96 * 1024;
        }

        @Override
        public boolean isVirtual(Thread thread) {
            return false;
        }
    };
}
