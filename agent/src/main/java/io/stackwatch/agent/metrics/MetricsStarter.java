package io.stackwatch.agent.metrics;

import io.stackwatch.agent.config.AgentConfig;
import io.stackwatch.agent.endpoint.HttpEndpoint;
import io.stackwatch.agent.endpoint.Pages;
import io.stackwatch.agent.jmx.SafeRegistration;
import io.stackwatch.agent.jmx.StackwatchState;
import io.stackwatch.agent.jfr.LazyJfrEvents;
import io.stackwatch.agent.report.EventPump;
import org.slf4j.Logger;

import java.lang.instrument.Instrumentation;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Wires the agent's outputs for dashboards and alerting: counters fed by the event pump, JFR events,
 * the MBean, the Prometheus endpoint and the application's own Micrometer. Everything that takes
 * time runs on one daemon thread, {@code stackwatch-metrics}; any failure is one line and the agent
 * (and the application) go on without that output.
 */
public final class MetricsStarter {

    public static final String METRICS_PATH = "/metrics";
    static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsStarter() {
    }

    /** What {@code detach} must stop: the metrics thread, the endpoint, the MBean. */
    public static final class Running {
        private volatile ExecutorService thread;
        private volatile HttpEndpoint endpoint;
        private volatile EventCounts counts;
        private volatile io.stackwatch.agent.otlp.OtlpEvents otlpEvents;

        /** Stops the endpoint and the metrics thread and unregisters the MBean (detach). */
        public void stop() {
            if (thread != null) {
                thread.shutdownNow();
            }
            if (endpoint != null) {
                endpoint.stop();
            }
            if (otlpEvents != null) {
                try {
                    otlpEvents.close();
                } catch (Exception | LinkageError ignored) {
                    // the export's own thread says what failed
                }
            }
            try {
                javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
                javax.management.ObjectName name = new javax.management.ObjectName(StackwatchState.OBJECT_NAME);
                if (server.isRegistered(name)) {
                    server.unregisterMBean(name);
                }
            } catch (javax.management.JMException | RuntimeException ignored) {
                // nothing registered, nothing to take back
            }
        }
    }

    /**
     * Counts events from now on (and commits their JFR events); call before the pump runs so that no
     * event passes uncounted. The meters, MBean and endpoint come with {@link #serve}, off the way to main.
     */
    public static Running start(AgentConfig config, Instrumentation inst, EventPump pump, Logger log) {
        Running running = new Running();
        try {
            // JFR first: once a count shows an event (MBean, scrape), its JFR event is committed too.
            // Registering the event classes loads JFR (about 200 ms), so it waits for the first event.
            LazyJfrEvents jfr = new LazyJfrEvents(log);
            pump.addListener(jfr);
            pump.addNoteListener(jfr);
            EventCounts counts = new EventCounts();
            pump.addListener(new CountingListener(counts));
            running.counts = counts;
            if (config.safetySettingIgnored()) {
                // Loud: in the event log (and OTLP, JFR) too, not only as a line at start-up.
                String text = "action=" + config.action().name().toLowerCase(java.util.Locale.ROOT)
                        + " in force: the setting(s) " + String.join(", ", config.ignoredKeys())
                        + " could not be used (see the lines above)";
                pump.note(true, text, new io.stackwatch.agent.report.JsonLine().put("ts", java.time.Instant.now().toString())
                        .put("type", "config").put("reason", "ignored").put("ignored", config.ignoredKeys())
                        .put("action", config.action().name().toLowerCase(java.util.Locale.ROOT)).put("throwAt", config.throwAt())
                        .toString());
            }
            if (config.otlp() != null) {
                // Only a holder on the way to main: the export itself is loaded by serve().
                io.stackwatch.agent.otlp.OtlpEvents otlp = new io.stackwatch.agent.otlp.OtlpEvents();
                pump.addListener(otlp);
                pump.addNoteListener(otlp);
                running.otlpEvents = otlp;
            }
        } catch (RuntimeException | LinkageError e) {
            log.warn("metrics unavailable ({}); the agent goes on without them", e.toString());
        }
        return running;
    }

    /**
     * Builds the meters and serves them (MBean, Prometheus endpoint, the application's Micrometer) on
     * the {@code stackwatch-metrics} thread. Loads Micrometer and {@code java.management}: called from
     * the agent's start thread, never on the way to the application's main.
     */
    public static void serve(Running running, AgentConfig config, Instrumentation inst, Logger log) {
        EventCounts counts = running.counts;
        if (counts == null) {
            return;
        }
        try {
            wire(config, inst, counts, log, running);
        } catch (RuntimeException | LinkageError e) {
            log.warn("metrics unavailable ({}); the agent goes on without them", e.toString());
        }
    }

    /** Hands events to the counts (a class, not a method reference: nothing spun on the way to main). */
    private static final class CountingListener implements java.util.function.Consumer<io.stackwatch.core.event.StackEvent> {
        private final EventCounts counts;

        CountingListener(EventCounts counts) {
            this.counts = counts;
        }

        @Override
        public void accept(io.stackwatch.core.event.StackEvent e) {
            counts.record(e);
        }
    }

    private static void wire(AgentConfig config, Instrumentation inst, EventCounts counts, Logger log, Running running) {
        // Before any Micrometer class logs: its lines go to the agent's log, not to a lookup of SLF4J providers.
        io.micrometer.common.util.internal.logging.InternalLoggerFactory.setDefaultFactory(
                io.micrometer.common.util.internal.logging.AgentLoggerFactory.INSTANCE);
        java.util.concurrent.ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stackwatch-metrics");
            t.setDaemon(true);
            return t;
        });
        running.thread = thread;
        thread.execute(() -> {
            try {
                StackwatchMeters meters = new StackwatchMeters(new LiveReadings(), counts, CopyCost.measure(), features(config));
                thread.scheduleWithFixedDelay(meters::checkLate, 0, 5, java.util.concurrent.TimeUnit.SECONDS);
                SafeRegistration.register(new StackwatchState(meters), inst, thread, log);
                if (config.prometheus() != null) {
                    running.endpoint = endpoint(config, meters, log);
                }
                if (config.otlp() != null && running.otlpEvents != null) {
                    otlp(config, meters, running.otlpEvents, log);
                }
                if (config.hostMetrics()) {
                    new HostMicrometer(meters, thread, log).install(inst);
                }
            } catch (RuntimeException | LinkageError e) {
                log.warn("metrics unavailable ({}); the agent goes on without them", e.toString());
            }
        });
    }

    /** What is on, for the meters: a check that is off exports nothing. */
    static StackwatchMeters.Features features(AgentConfig config) {
        java.util.Map<String, String> info = new java.util.LinkedHashMap<>();
        info.put("version", io.stackwatch.agent.bootstrap.BootstrapInjector.version());
        info.put("action", config.action().name().toLowerCase(java.util.Locale.ROOT));
        info.put("select", config.select().name().toLowerCase(java.util.Locale.ROOT));
        info.put("warn_at", String.valueOf(config.warnAt()));
        info.put("throw_at", String.valueOf(config.throwAt()));
        info.put("native", config.nativeReadings() ? "on" : "off");
        info.put("ignored", String.join(",", config.ignoredKeys()));
        return new StackwatchMeters.Features(config.ops().patrolMillis() > 0, config.ops().rejectThreadStarts(),
                config.ops().stackInuseBytes() > 0 && nativeMemoryTracking(), info);
    }

    private static boolean nativeMemoryTracking() {
        try {
            String v = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption("NativeMemoryTracking").getValue();
            return !"off".equals(v);
        } catch (RuntimeException | LinkageError notHotSpot) {
            return false;
        }
    }

    private static void otlp(AgentConfig config, StackwatchMeters meters, io.stackwatch.agent.otlp.OtlpEvents events, Logger log) {
        try {
            io.stackwatch.agent.otlp.OtlpExport.start(config.otlp(), meters, events, log,
                    io.stackwatch.agent.bootstrap.BootstrapInjector.version());
        } catch (java.io.IOException | ReflectiveOperationException | RuntimeException | LinkageError e) {
            log.warn("cannot export over OTLP to {} ({}); the application runs on without the export",
                    config.otlp().metricsUrl(), e.toString());
        }
    }

    private static HttpEndpoint endpoint(AgentConfig config, StackwatchMeters meters, Logger log) {
        AgentRegistry registry = new AgentRegistry(meters);
        Pages.register(METRICS_PATH, PROMETHEUS_CONTENT_TYPE, registry::scrape);
        try {
            // Started from this daemon thread: the server's own dispatcher thread is a daemon too.
            HttpEndpoint endpoint = HttpEndpoint.start(config.prometheus());
            log.info("serving Prometheus metrics at {}{}", endpoint.url(), METRICS_PATH);
            System.setProperty(io.stackwatch.agent.attach.AgentRuntime.ENDPOINT, endpoint.url() + METRICS_PATH);
            return endpoint;
        } catch (java.io.IOException | RuntimeException e) {
            log.warn("cannot serve metrics on prometheus={} ({}); the application runs on without the endpoint",
                    config.prometheus(), e.toString());
            return null;
        }
    }
}
