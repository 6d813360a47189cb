package io.stackwatch.agent.instrument;

import io.stackwatch.core.tracking.ThreadStackState;
import io.stackwatch.core.tracking.Tracker;
import net.bytebuddy.asm.Advice;

/**
 * {@link RecursionAdvice} for a method with a {@code limits} entry: it also keeps the method's own
 * depth in its slot. Only methods named in {@code limits} pay for the extra array access.
 */
final class LimitedRecursionAdvice {

    private LimitedRecursionAdvice() {
    }

    @Advice.OnMethodEnter
    static ThreadStackState enter(@MethodId int methodId, @FrameBytes int frameBytes, @LimitSlot int slot) {
        return Tracker.enterLimited(methodId, frameBytes, slot);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class, backupArguments = false)
    static void exit(@Advice.Enter ThreadStackState state, @Advice.Thrown Throwable thrown,
                     @MethodId int methodId, @FrameBytes int frameBytes, @LimitSlot int slot) {
        if (state != null) {
            // No local of our own: every local the advice adds is a slot in every interpreted frame.
            state.bytes -= frameBytes;
            state.methodDepth[slot]--;
            if (--state.depth <= state.exitDepthMark || thrown != null) {
                Tracker.exit(state, thrown, methodId, frameBytes);
            }
        }
    }

    /** The exit with copied arguments, as {@link RecursionAdvice.CopiedArguments} (which says why). */
    static final class CopiedArguments {

        private CopiedArguments() {
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class, backupArguments = true)
        static void exit(@Advice.Enter ThreadStackState state, @Advice.Thrown Throwable thrown,
                         @MethodId int methodId, @FrameBytes int frameBytes, @LimitSlot int slot) {
            if (state != null) {
                state.bytes -= frameBytes;
                state.methodDepth[slot]--;
                if (--state.depth <= state.exitDepthMark || thrown != null) {
                    Tracker.exit(state, thrown, methodId, frameBytes);
                }
            }
        }
    }
}
