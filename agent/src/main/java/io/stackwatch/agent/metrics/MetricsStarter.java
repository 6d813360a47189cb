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
        /** Counted down when the meters, the MBean and the endpoint are set up (or failed to be). */
        private final java.util.concurrent.CountDownLatch wired = new java.util.concurrent.CountDownLatch(1);

        /** Waits (at most {@code millis}) until the meters and the endpoint are set up or have failed. */
        public void awaitWired(long millis) throws InterruptedException {
            if (counts != null) {
                wired.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }

        /** Stops the endpoint and the metrics thread and unregisters the MBean (detach). */
        public void stop() {
            if (thread != null) {
                thread.shutdownNow();
            }
            if (endpoint != null) {
                endpoint.stop();
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
            pump.addListener(new LazyJfrEvents(log));
            EventCounts counts = new EventCounts();
            pump.addListener(new CountingListener(counts));
            running.counts = counts;
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
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "stackwatch-metrics");
            t.setDaemon(true);
            return t;
        });
        running.thread = thread;
        thread.execute(() -> {
            try {
                StackwatchMeters meters = new StackwatchMeters(new LiveReadings(), counts, CopyCost.measure());
                SafeRegistration.register(new StackwatchState(meters), inst, thread, log);
                if (config.prometheus() != null) {
                    running.endpoint = endpoint(config, meters, log);
                }
                if (config.hostMetrics()) {
                    new HostMicrometer(meters, thread, log).install(inst);
                }
            } catch (RuntimeException | LinkageError e) {
                log.warn("metrics unavailable ({}); the agent goes on without them", e.toString());
            } finally {
                running.wired.countDown();
            }
        });
    }

    private static HttpEndpoint endpoint(AgentConfig config, StackwatchMeters meters, Logger log) {
        AgentRegistry registry = new AgentRegistry(meters);
        Pages.register(METRICS_PATH, PROMETHEUS_CONTENT_TYPE, registry::scrape);
        try {
            // Started from this daemon thread: the server's own dispatcher thread is a daemon too.
            HttpEndpoint endpoint = HttpEndpoint.start(config.prometheus(), config.reportPages());
            if (endpoint.servesReportPages()) {
                log.info("serving Prometheus metrics at {}{} and the live report at {}/stackwatch", endpoint.url(),
                        METRICS_PATH, endpoint.url());
            } else {
                log.info("serving Prometheus metrics at {}{} (the report pages are off on this endpoint: {})",
                        endpoint.url(), METRICS_PATH, config.reportPages() == AgentConfig.ReportPages.OFF
                                ? "reportPages=off" : "not a loopback address; reportPages=on serves them to anyone who can connect");
            }
            return endpoint;
        } catch (java.io.IOException | RuntimeException e) {
            log.warn("cannot serve metrics on prometheus={} ({}); the application runs on without the endpoint",
                    config.prometheus(), e.toString());
            return null;
        }
    }
}
