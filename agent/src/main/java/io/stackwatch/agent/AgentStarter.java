package io.stackwatch.agent;

import io.stackwatch.agent.attach.AgentRuntime;
import io.stackwatch.agent.bootstrap.BootstrapInjector;
import io.stackwatch.agent.bootstrap.NativeLibraryFile;
import io.stackwatch.agent.capacity.PendingCapacity;
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

    /**
     * Installs the tracker and the instrumentation before the application's {@code main}, and leaves
     * everything that only reports (JMX, the operational checks, garbage-collector notifications) to a
     * background thread: those load much of {@code java.management} (100 ms and more, measured), which
     * the application should not wait for.
     */
    static void start(String args, Instrumentation inst, boolean coreOnBootstrap, boolean attached) {
        if (!Tracker.claim()) {
            System.err.println("stackwatch: already running in this JVM; ignoring the second start");
            return;
        }
        long started = System.nanoTime();
        AgentConfig config = ConfigLoader.load(args, new StandardError());
        // The VM's stack flags come through java.management: read on another core meanwhile.
        PendingCapacity capacity = PendingCapacity.start(inst, config.stackSizeBytes());
        Logger log = AgentLogging.logger(StackwatchAgent.class);

        JsonEventLog eventLog = config.eventLog() == null ? null : JsonEventLog.open(config.eventLog(), log);
        EventPump pump = new EventPump(log, eventLog);
        // Listeners before the pump runs, so that no event passes it uncounted.
        MetricsStarter.Running metrics = MetricsStarter.start(config, inst, pump, log);
        pump.start();

        // Loaded now, from the boot-loaded core, while the stack is shallow; never on an app thread.
        boolean nativeReadings = config.nativeReadings() && NativeLibraryFile.load();
        if (config.nativeReadings() && !nativeReadings) {
            log.warn("native stack readings unavailable ({}): using estimated frame costs", NativeStack.unavailableReason());
        }
        Tracker.install(policy(config), capacity);
        // Load, initialize and link every cold path now, while the stack is shallow: at premain on another
        // core while the instrumentation is installed, finished before main runs; when attached, first
        // (the application's threads run instrumented code as soon as it is installed, at any depth).
        Thread warming = null;
        if (attached) {
            Tracker.warmUp();
        } else {
            warming = Tracker.warmUpInBackground();
        }
        // Off the start-up path: teach the JIT the hot path's branch profile before the application's
        // recursions get compiled.
        Tracker.primeProfile();

        if (!coreOnBootstrap && !config.include().isEmpty()) {
            log.warn("stackwatch-core is not on the bootstrap class path: JDK classes cannot be instrumented");
        }
        // Classes already loaded need retransforming when attached late (or when an include names JDK
        // classes that are loaded already: the instrumenter looks).
        Instrumenter.Installed installed = Instrumenter.install(inst, config, log, attached);
        if (warming != null) {
            Tracker.awaitWarmUp(warming);
        }
        long premainMillis = (System.nanoTime() - started) / 1_000_000;

        Operations operations = new Operations(inst, config, capacity, pump, metrics, installed, coreOnBootstrap,
                attached, log, premainMillis, nativeReadings);
        // The attach command reads the status as soon as agentmain returns: say it now.
        AgentRuntime.announce(config.summary());
        if (attached) {
            // Attached to a running JVM: nobody waits for main, and the attach command reports the outcome.
            operations.run();
        } else {
            // A named class, not a lambda: a lambda capturing this many values spins method-handle classes
            // on the way to main (tens of milliseconds, measured).
            Thread t = new Thread(operations, "stackwatch-start");
            t.setDaemon(true);
            t.start();
            operations.holdShutdownForTheStartLine();
        }
    }

    /** Configuration problems, one line each, to standard error (a class: no call site to link). */
    private static final class StandardError implements java.util.function.Consumer<String> {
        @Override
        public void accept(String line) {
            System.err.println(line);
        }
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
        return BootstrapInjector.version();
    }

    /** What reports and operates, started once the tracker and the instrumentation are in place. */
    private static final class Operations implements Runnable {
        private final Instrumentation inst;
        private final AgentConfig config;
        private final PendingCapacity capacity;
        private final EventPump pump;
        private final MetricsStarter.Running metrics;
        private final Instrumenter.Installed installed;
        private final boolean coreOnBootstrap;
        private final boolean attached;
        private final Logger log;
        private final long premainMillis;
        private final boolean nativeReadings;
        private final java.util.concurrent.CountDownLatch startLine = new java.util.concurrent.CountDownLatch(1);

        Operations(Instrumentation inst, AgentConfig config, PendingCapacity capacity, EventPump pump,
                   MetricsStarter.Running metrics, Instrumenter.Installed installed, boolean coreOnBootstrap,
                   boolean attached, Logger log, long premainMillis, boolean nativeReadings) {
            this.inst = inst;
            this.config = config;
            this.capacity = capacity;
            this.pump = pump;
            this.metrics = metrics;
            this.installed = installed;
            this.coreOnBootstrap = coreOnBootstrap;
            this.attached = attached;
            this.log = log;
            this.premainMillis = premainMillis;
            this.nativeReadings = nativeReadings;
        }

        /**
         * A program that ends within milliseconds of its main would otherwise exit before this thread
         * has logged the start line; the agent's logging flushes at shutdown what was logged by then.
         */
        void holdShutdownForTheStartLine() {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
                    @Override
                    public void run() {
                        try {
                            startLine.await(2, java.util.concurrent.TimeUnit.SECONDS);
                            // And for the endpoint: a port already taken is reported even by a program that ends at once.
                            metrics.awaitWired(2000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }, "stackwatch-start-line"));
            } catch (IllegalStateException shuttingDown) {
                // already on the way out: nothing to hold
            }
        }

        @Override
        public void run() {
            // Logged here, not on the way to main: the first line through the agent's Logback formats
            // dates and loads its layout's classes (tens of milliseconds).
            log.info("stackwatch {} active in {} ms: {}; a default thread has {} bytes of stack ({} reserved by the JVM); "
                            + "stack use is {}",
                    version(), premainMillis, config.summary(), capacity.capacityBytes(Thread.currentThread()), capacity.zoneBytes(),
                    nativeReadings ? "read from the stack pointer" : "estimated from frame costs");
            startLine.countDown();
            MetricsStarter.serve(metrics, config, inst, log);
            try {
                if (CollectorCycleListener.install() == 0) {
                    log.info("no garbage collector notifications: the Go model's stacks never shrink");
                }
            } catch (Throwable t) {
                log.info("no garbage collector notifications ({}): the Go model's stacks never shrink", t.toString());
            }
            try {
                AgentRuntime.started(inst, config, capacity, pump, metrics, installed, coreOnBootstrap, attached,
                        version(), log);
            } catch (Throwable t) {
                log.warn("operational checks, the live report and detach unavailable ({}); tracking goes on", t.toString());
            }
        }
    }
}
