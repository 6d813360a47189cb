package io.stackwatch.agent.runtime;

import io.stackwatch.agent.config.AgentConfig;
import io.stackwatch.agent.instrument.Instrumenter;
import org.slf4j.Logger;

import java.lang.instrument.Instrumentation;

/** The advice in the selected classes: installed before main, removed from every class by detach. */
final class InstrumentationComponent implements Component {

    private final Instrumentation inst;
    private final AgentConfig config;
    private final Logger log;
    private final boolean attached;
    private final boolean coreOnBootstrap;
    private Instrumenter.Installed installed;

    InstrumentationComponent(Instrumentation inst, AgentConfig config, Logger log, boolean attached, boolean coreOnBootstrap) {
        this.inst = inst;
        this.config = config;
        this.log = log;
        this.attached = attached;
        this.coreOnBootstrap = coreOnBootstrap;
    }

    @Override
    public String name() {
        return "the instrumentation";
    }

    @Override
    public void start() {
        if (!coreOnBootstrap && !config.include().isEmpty()) {
            log.warn("stackwatch-core is not on the bootstrap class path: JDK classes cannot be instrumented");
        }
        // Classes already loaded need retransforming when attached late (or when an include names JDK
        // classes that are loaded already: the instrumenter looks).
        installed = Instrumenter.install(inst, config, log, attached, coreOnBootstrap);
    }

    /** What {@link #start} installed: the learner counts more methods through it. */
    Instrumenter.Installed installed() {
        return installed;
    }

    @Override
    public String stopped() {
        return "instrumentation removed from " + installed.instrumentedClasses() + " classes";
    }

    @Override
    public void stop() {
        installed.uninstall();
    }
}
