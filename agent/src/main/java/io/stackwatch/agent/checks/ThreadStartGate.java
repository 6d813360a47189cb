package io.stackwatch.agent.checks;

import io.stackwatch.core.threads.ThreadStartBreaker;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;

import java.lang.instrument.Instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.is;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * The advice on {@code java.lang.Thread#start()} behind {@code threadRateAction=reject}: a transformer
 * of its own, for that one method of that one class, installed only with the opt-in and removed on
 * detach. {@code java.lang} is otherwise never instrumented. Virtual threads start through their own
 * {@code start()} override and are not refused.
 */
public final class ThreadStartGate {

    private final Instrumentation inst;
    private final ResettableClassFileTransformer transformer;

    private ThreadStartGate(Instrumentation inst, ResettableClassFileTransformer transformer) {
        this.inst = inst;
        this.transformer = transformer;
    }

    /** Retransforms {@code Thread} with the breaker's check. Needs the core on the bootstrap class path. */
    public static ThreadStartGate install(Instrumentation inst) {
        ResettableClassFileTransformer t = new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                // Byte Buddy leaves boot classes alone by default; this transformer exists for one of them.
                .ignore(none())
                .assureReadEdgeTo(inst, ThreadStartBreaker.class)
                .type(is(Thread.class))
                .transform((builder, type, loader, module, domain) -> builder
                        .visit(Advice.to(ThreadStartAdvice.class).on(named("start").and(takesArguments(0)))))
                .installOn(inst);
        return new ThreadStartGate(inst, t);
    }

    /** Closes the breaker and puts {@code Thread#start()} back as it was. */
    public void uninstall() {
        ThreadStartBreaker.close();
        transformer.reset(inst, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
    }
}
