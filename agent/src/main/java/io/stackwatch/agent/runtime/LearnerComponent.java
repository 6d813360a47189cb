package io.stackwatch.agent.runtime;

import io.stackwatch.agent.events.EventPump;
import io.stackwatch.agent.events.LearnedCycles;
import io.stackwatch.agent.learn.CycleLearner;
import io.stackwatch.core.stack.RecursionCycle;

import java.util.function.BiConsumer;

/**
 * The learner of the cycles the bytecode does not show (reflection, proxies, lambdas, JDK callbacks):
 * reads every real overflow and every thread the patrol finds deep, and counts one method of a cycle
 * nothing counts yet. The patrol reaches it through {@link #accept}, whether it started or not.
 */
final class LearnerComponent implements Component, BiConsumer<String, RecursionCycle> {

    private final InstrumentationComponent instrumentation;
    private final EventPump pump;
    private volatile CycleLearner learner;

    LearnerComponent(InstrumentationComponent instrumentation, EventPump pump) {
        this.instrumentation = instrumentation;
        this.pump = pump;
    }

    @Override
    public String name() {
        return "learning cycles at run time (the cycles the bytecode shows are watched)";
    }

    @Override
    public void start() {
        LearnedCycles learned = new LearnedCycles();
        pump.learnedCycles(learned);
        CycleLearner l = new CycleLearner(instrumentation.installed(), pump, learned);
        l.start();
        learner = l;
    }

    /** A patrol round found {@code thread} deep in {@code cycle}. */
    @Override
    public void accept(String thread, RecursionCycle cycle) {
        CycleLearner l = learner;
        if (l != null) {
            l.deepThread(thread, cycle);
        }
    }

    @Override
    public void stop() {
        learner.stop();
    }
}
