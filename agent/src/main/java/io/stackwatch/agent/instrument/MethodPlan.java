package io.stackwatch.agent.instrument;

/**
 * How one method is instrumented: its id for the tracker, its frame cost, its limit slot (or -1), and
 * whether its exit advice needs its own copy of the arguments (the method may re-type an argument slot).
 */
final class MethodPlan {

    final int methodId;
    final int frameBytes;
    final int limitSlot;
    final boolean copyArguments;

    MethodPlan(int methodId, int frameBytes, int limitSlot, boolean copyArguments) {
        this.methodId = methodId;
        this.frameBytes = frameBytes;
        this.limitSlot = limitSlot;
        this.copyArguments = copyArguments;
    }
}
