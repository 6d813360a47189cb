package io.stackwatch.agent.premain;

import java.util.List;

/**
 * The agent's and the core's classes on premain's path: those the thread running {@code premain}
 * may load before the application's {@code main} runs, from {@code StackwatchAgent} to the
 * transformation of the application's first classes (main's own among them). None of them may
 * contain an {@code invokedynamic} (a lambda, a method reference, a string concatenation compiled
 * to one): linking a call site spins classes on the way to {@code main}, which start-up cannot afford
 * (docs/ARCHITECTURE.md, "The premain path").
 *
 * <p>Whole packages where every class may take part (which of them a start loads depends on what
 * runs first on which thread), single classes elsewhere. {@link PremainPathTest} checks that each
 * declared class exists and has no call site; {@code PremainPathIT} that real starts load no agent or
 * core class beyond this list on the premain thread. A class that joins the path joins the list,
 * without call sites.
 */
public final class PremainPath {

    /** Packages all of whose classes (not subpackages) are on the path. */
    public static final List<String> PACKAGES = List.of(
            "io.stackwatch.agent",
            "io.stackwatch.agent.bootstrap",
            "io.stackwatch.agent.classfile",
            "io.stackwatch.agent.graph",
            "io.stackwatch.agent.capacity",
            "io.stackwatch.agent.config",
            "io.stackwatch.agent.events",
            "io.stackwatch.agent.instrument",
            "io.stackwatch.agent.logging",
            "io.stackwatch.agent.json",
            "io.stackwatch.core",
            "io.stackwatch.core.event",
            "io.stackwatch.core.gomodel",
            "io.stackwatch.core.stack",
            "io.stackwatch.core.tracking");

    /** Single classes of other packages. */
    public static final List<String> CLASSES = List.of(
            "io.stackwatch.agent.jfr.LazyJfrEvents",
            "io.stackwatch.agent.jmx.AgentHandle",
            "io.stackwatch.agent.metrics.EventCounts",
            "io.stackwatch.agent.metrics.EventCounts$Kind",
            "io.stackwatch.agent.otlp.OtlpEvents",
            "io.stackwatch.agent.otlp.OtlpSettings",
            "io.stackwatch.agent.runtime.AgentRuntime",
            "io.stackwatch.agent.runtime.AgentStarter",
            "io.stackwatch.agent.runtime.AgentStarter$StandardError",
            "io.stackwatch.agent.runtime.BackgroundStart",
            "io.stackwatch.agent.runtime.BackgroundStart$1",
            "io.stackwatch.agent.runtime.Component",
            "io.stackwatch.agent.runtime.EventsComponent",
            "io.stackwatch.agent.runtime.InstrumentationComponent",
            "io.stackwatch.agent.runtime.TrackerComponent",
            "io.stackwatch.agent.scan.ScanFile",
            "io.stackwatch.agent.scan.ScanFile$1");

    private PremainPath() {
    }

    /** Whether {@code className} (binary name) is declared on the path. */
    public static boolean declares(String className) {
        if (CLASSES.contains(className)) {
            return true;
        }
        int dot = className.lastIndexOf('.');
        return dot > 0 && PACKAGES.contains(className.substring(0, dot));
    }
}
