package io.stackwatch.agent.instrument;

/** How one method is instrumented: its id for the tracker, its frame cost, its limit slot (or -1). */
final class MethodPlan {

    final int methodId;
    final int frameBytes;
    final int limitSlot;

    MethodPlan(int methodId, int frameBytes, int limitSlot) {
        this.methodId = methodId;
        this.frameBytes = frameBytes;
        this.limitSlot = limitSlot;
    }
}
