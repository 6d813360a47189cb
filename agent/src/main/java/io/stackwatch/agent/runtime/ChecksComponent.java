package io.stackwatch.agent.runtime;

import io.stackwatch.agent.checks.OperationalChecks;
import io.stackwatch.agent.config.OpsConfig;
import io.stackwatch.agent.events.AgentNotes;
import io.stackwatch.agent.livereport.ThreadSampler;
import io.stackwatch.core.stack.RecursionCycle;
import org.slf4j.Logger;

import java.util.function.BiConsumer;

/** The periodic checks (patrol, thread start rate, stack in use) on their own thread. */
final class ChecksComponent implements Component {

    private final OpsConfig ops;
    private final ThreadSampler sampler;
    private final AgentNotes notes;
    private final BiConsumer<String, RecursionCycle> deepCycles;
    private final Logger log;
    private volatile OperationalChecks checks;

    /** @param deepCycles told of every thread the patrol finds deep in a cycle (the learner) */
    ChecksComponent(OpsConfig ops, ThreadSampler sampler, AgentNotes notes, BiConsumer<String, RecursionCycle> deepCycles,
                    Logger log) {
        this.deepCycles = deepCycles;
        this.ops = ops;
        this.sampler = sampler;
        this.notes = notes;
        this.log = log;
    }

    @Override
    public String name() {
        return "the operational checks";
    }

    @Override
    public void start() {
        checks = OperationalChecks.start(ops, sampler, notes, deepCycles, log);
    }

    /** The platform MBean server may be used now: Native Memory Tracking is read from here on. */
    void jmxReady() {
        OperationalChecks c = checks;
        if (c != null) {
            c.jmxReady();
        }
    }

    @Override
    public void stop() {
        checks.stop();
    }
}
