package io.stackwatch.agent.instrument;

import io.stackwatch.core.tracking.ThreadStackState;
import io.stackwatch.core.tracking.Tracker;
import net.bytebuddy.asm.Advice;

/**
 * Inlined around every instrumented method. Kept as small as possible: the enter side is one static
 * call, and the exit side takes the frame off the count with plain field writes before anything
 * else, so the count stays exact even when the method ends with a {@link StackOverflowError} and the
 * exit advice runs with almost no stack left (a field write needs no stack; a call might not get one).
 */
final class RecursionAdvice {

    private RecursionAdvice() {
    }

    @Advice.OnMethodEnter
    static ThreadStackState enter(@MethodId int methodId, @FrameBytes int frameBytes) {
        // May throw StackDepthExceededError (action=throw); the frame is then not counted, which
        // matches this frame's exit advice not running.
        return Tracker.enter(methodId, frameBytes);
    }

    // suppress: if the cold call below runs out of stack itself, drop that error and let the
    // method's own outcome (its return value or its throwable) go on unchanged.
    // backupArguments = false: we never read the arguments, and copies of them would make every
    // instrumented frame bigger (and so the reachable depth smaller).
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class, backupArguments = false)
    static void exit(@Advice.Enter ThreadStackState state, @Advice.Thrown Throwable thrown,
                     @MethodId int methodId, @FrameBytes int frameBytes) {
        if (state != null) {
            // No local of our own: every local the advice adds is a slot in every interpreted frame.
            state.bytes -= frameBytes;
            // Cold only when back at a re-arm/rest depth, or when the method threw.
            if (--state.depth <= state.exitDepthMark || thrown != null) {
                Tracker.exit(state, thrown, methodId, frameBytes);
            }
        }
    }

    /**
     * The exit of {@link RecursionAdvice} for a method that may store a value of another type into an
     * argument's slot (optimised and generated code, the JDK's proxies). Without copies, the exit's
     * stack map frames claim the declared types in those slots and the class fails verification;
     * with them, the arguments live on in slots the method's own code never writes. The body is
     * {@link RecursionAdvice#exit}'s: advice is inlined, so it cannot call a shared helper.
     */
    static final class CopiedArguments {

        private CopiedArguments() {
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class, backupArguments = true)
        static void exit(@Advice.Enter ThreadStackState state, @Advice.Thrown Throwable thrown,
                         @MethodId int methodId, @FrameBytes int frameBytes) {
            if (state != null) {
                state.bytes -= frameBytes;
                if (--state.depth <= state.exitDepthMark || thrown != null) {
                    Tracker.exit(state, thrown, methodId, frameBytes);
                }
            }
        }
    }
}
