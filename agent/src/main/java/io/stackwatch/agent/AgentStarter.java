package io.stackwatch.agent;

import io.stackwatch.agent.attach.AgentRuntime;
import io.stackwatch.agent.capacity.JvmStackCapacity;
import io.stackwatch.agent.config.AgentConfig;
import io.stackwatch.agent.config.ConfigLoader;
import io.stackwatch.agent.instrument.Instrumenter;
import io.stackwatch.agent.logging.AgentLogging;
import io.stackwatch.agent.metrics.MetricsStarter;
import io.stackwatch.agent.model.CollectorCycleListener;
import io.stackwatch.agent.report.EventPump;
import io.stackwatch.agent.report.JsonEventLog;
import io.stackwatch.core.stack.NativeStack;
import io.stackwatch.core.tracking.Policy;
import io.stackwatch.core.tracking.Tracker;
import org.slf4j.Logger;

import java.lang.instrument.Instrumentation;
import java.util.Map;

/** Wires the agent together once the core is on the bootstrap class path. */
final class AgentStarter {

    private AgentStarter() {
    }

    static void start(String args, Instrumentation inst, boolean coreOnBootstrap, boolean attached) {
        if (!Tracker.claim()) {
            System.err.println("stackwatch: already running in this JVM; ignoring the second start");
            return;
        }
        long started = System.nanoTime();
        AgentConfig config = ConfigLoader.load(args, System.err::println);
        Logger log = AgentLogging.logger(StackwatchAgent.class);

        JsonEventLog eventLog = config.eventLog() == null ? null : JsonEventLog.open(config.eventLog(), log);
        EventPump pump = new EventPump(log, eventLog);
        MetricsStarter.Running metrics = MetricsStarter.start(config, inst, pump, log);
        pump.start();

        JvmStackCapacity capacity = JvmStackCapacity.create(inst, config.stackSizeBytes());
        // Loaded now, from the boot-loaded core, while the stack is shallow; never on an app thread.
        boolean nativeReadings = config.nativeReadings() && NativeStack.load();
        if (config.nativeReadings() && !nativeReadings) {
            log.warn("native stack readings unavailable ({}): using estimated frame costs", NativeStack.unavailableReason());
        }
        Tracker.install(policy(config), capacity);
        if (CollectorCycleListener.install() == 0) {
            log.info("no garbage collector notifications: the Go model's stacks never shrink");
        }
        // Load, initialize and link every cold path now, while the stack is shallow.
        Tracker.warmUp();
        // Off the start-up path: teach the JIT the hot path's branch profile before the application's
        // recursions get compiled.
        Tracker.primeProfile();

        if (!coreOnBootstrap && !config.include().isEmpty()) {
            log.warn("stackwatch-core is not on the bootstrap class path: JDK classes cannot be instrumented");
        }
        // Classes already loaded need retransforming when attached late, or when JDK classes are included.
        Instrumenter.Installed installed = Instrumenter.install(inst, config, log, attached || !config.include().isEmpty());
        AgentRuntime.started(inst, config, capacity, pump, metrics, installed, coreOnBootstrap, attached, version(), log);
        long threadCapacity = capacity.capacityBytes(Thread.currentThread());
        log.info("stackwatch {} active in {} ms: {}; a default thread has {} bytes of stack ({} reserved by the JVM); "
                        + "stack use is {}",
                version(), (System.nanoTime() - started) / 1_000_000, config.summary(), threadCapacity,
                capacity.zoneBytes(), nativeReadings ? "read from the stack pointer" : "estimated from frame costs");
    }

    static Policy policy(AgentConfig config) {
        String[] names = new String[config.limits().size()];
        int[] limits = new int[names.length];
        int i = 0;
        for (Map.Entry<String, Integer> e : config.limits().entrySet()) {
            names[i] = e.getKey();
            limits[i++] = e.getValue();
        }
        return Policy.builder()
                .warnAt(config.warnAt())
                .throwAt(config.throwAt())
                .throwing(config.action() == AgentConfig.Action.THROW)
                .maxDepth(config.maxDepth())
                .methodLimits(names, limits)
                .stackSizeOverrideBytes(config.stackSizeBytes())
                .go(config.go())
                .traceGrowth(config.traceGrowth())
                .nativeReadings(config.nativeReadings())
                .nativeReserveBytes(config.nativeReserveBytes())
                .build();
    }

    static String version() {
        String v = AgentStarter.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
