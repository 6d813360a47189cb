package io.stackwatch.agent.checks;

import io.stackwatch.core.threads.ThreadStartBreaker;
import net.bytebuddy.asm.Advice;

/** Inlined at the start of {@code java.lang.Thread#start()}: one volatile read while the breaker is closed. */
public final class ThreadStartAdvice {

    private ThreadStartAdvice() {
    }

    @Advice.OnMethodEnter
    static void enter(@Advice.This Thread thread) {
        if (ThreadStartBreaker.open) {
            ThreadStartBreaker.refuse(thread);
        }
    }
}
