package io.stackwatch.agent;

import io.stackwatch.agent.bootstrap.BootstrapInjector;
import io.stackwatch.agent.runtime.AgentStarter;

import java.lang.instrument.Instrumentation;

/**
 * The agent's entry points. This class touches nothing of {@code stackwatch-core} before the core is
 * on the bootstrap class path: a core class loaded earlier would be loaded twice, once by each loader.
 * Nothing it does may stop the host: every failure becomes one line on standard error.
 */
public final class StackwatchAgent {

    private StackwatchAgent() {
    }

    /** {@code -javaagent:stackwatch-agent.jar=key=value,...} */
    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    /** Loaded into a running JVM through the Attach API. */
    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    private static void start(String args, Instrumentation inst, boolean attached) {
        try {
            boolean onBootstrap;
            try {
                onBootstrap = BootstrapInjector.inject(inst);
            } catch (Exception e) {
                onBootstrap = false;
                System.err.println("stackwatch: cannot put stackwatch-core on the bootstrap class path (" + e
                        + "); only classes of the application's class loaders can be instrumented");
            }
            AgentStarter.start(args, inst, onBootstrap, attached);
        } catch (Throwable t) {
            System.err.println("stackwatch: the agent failed to start (" + t + "); the application runs without it");
        }
    }
}
