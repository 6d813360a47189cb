package io.stackwatch.agent.instrument;

/**
 * How one method of a cycle carries its depth in a parameter: its id for the tracker, the estimated
 * bytes of one of its frames (the estimate between readings), the mask of its checkpoint (every
 * {@code mask + 1} levels), and the bytes of its entry's frame (the counted entry that reads the
 * thread's depth once and calls the overload).
 */
final class DepthPlan {

    final int methodId;
    final int roundBytes;
    final int mask;
    final int entryBytes;

    DepthPlan(int methodId, int roundBytes, int mask, int entryBytes) {
        this.methodId = methodId;
        this.roundBytes = roundBytes;
        this.mask = mask;
        this.entryBytes = entryBytes;
    }

    /**
     * Levels between checkpoints: 64, fewer for big frames, so that a checkpoint comes at least every
     * 8 KiB of estimated stack (under 1% of a default thread's stack between two looks).
     */
    static int interval(int roundBytes) {
        int levels = Integer.highestOneBit(Math.max(1, 8192 / Math.max(1, roundBytes)));
        return Math.max(8, Math.min(64, levels));
    }
}
