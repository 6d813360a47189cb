package io.stackwatch.agent.runtime;

import io.stackwatch.agent.checks.ThreadStartGate;
import org.slf4j.Logger;

import java.lang.instrument.Instrumentation;

/** {@code threadRateAction=reject}: the advice on {@code Thread#start()}, put back as it was by detach. */
final class ThreadStartGateComponent implements Component {

    private final Instrumentation inst;
    private final boolean coreOnBootstrap;
    private final Logger log;
    private ThreadStartGate gate;

    ThreadStartGateComponent(Instrumentation inst, boolean coreOnBootstrap, Logger log) {
        this.inst = inst;
        this.coreOnBootstrap = coreOnBootstrap;
        this.log = log;
    }

    @Override
    public String name() {
        return "the thread-start gate";
    }

    @Override
    public void start() {
        if (!coreOnBootstrap) {
            log.warn("threadRateAction=reject needs stackwatch-core on the bootstrap class path: thread starts are only counted");
            return;
        }
        try {
            gate = ThreadStartGate.install(inst);
        } catch (Throwable t) {
            log.warn("threadRateAction=reject unavailable ({}): thread starts are only counted", t.toString());
        }
    }

    @Override
    public String stopped() {
        return gate == null ? null : "Thread#start restored";
    }

    @Override
    public void stop() {
        if (gate != null) {
            gate.uninstall();
        }
    }
}
