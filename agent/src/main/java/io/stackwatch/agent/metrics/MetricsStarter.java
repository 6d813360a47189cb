package io.stackwatch.agent.metrics;

import io.stackwatch.agent.config.AgentConfig;
import io.stackwatch.agent.endpoint.HttpEndpoint;
import io.stackwatch.agent.endpoint.Pages;
import io.stackwatch.agent.jmx.SafeRegistration;
import io.stackwatch.agent.jmx.StackwatchState;
import io.stackwatch.agent.jfr.JfrEvents;
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

    public static void start(AgentConfig config, Instrumentation inst, EventPump pump, Logger log) {
        try {
            wire(config, inst, pump, log);
        } catch (RuntimeException | LinkageError e) {
            log.warn("metrics unavailable ({}); the agent goes on without them", e.toString());
        }
    }

    private static void wire(AgentConfig config, Instrumentation inst, EventPump pump, Logger log) {
        // Before any Micrometer class logs: its lines go to the agent's log, not to a lookup of SLF4J providers.
        io.micrometer.common.util.internal.logging.InternalLoggerFactory.setDefaultFactory(
                io.micrometer.common.util.internal.logging.AgentLoggerFactory.INSTANCE);
        // JFR first: once a count shows an event (MBean, scrape), its JFR event is committed too.
        try {
            pump.addListener(new JfrEvents());
        } catch (LinkageError noJfr) {
            log.info("JFR events unavailable in this runtime ({})", noJfr.toString());
        }
        EventCounts counts = new EventCounts();
        pump.addListener(counts::record);
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "stackwatch-metrics");
            t.setDaemon(true);
            return t;
        });
        thread.execute(() -> {
            try {
                StackwatchMeters meters = new StackwatchMeters(new LiveReadings(), counts, CopyCost.measure());
                SafeRegistration.register(new StackwatchState(meters), inst, thread, log);
                if (config.prometheus() != null) {
                    serve(config, meters, log);
                }
                if (config.hostMetrics()) {
                    new HostMicrometer(meters, thread, log).install(inst);
                }
            } catch (RuntimeException | LinkageError e) {
                log.warn("metrics unavailable ({}); the agent goes on without them", e.toString());
            }
        });
    }

    private static void serve(AgentConfig config, StackwatchMeters meters, Logger log) {
        AgentRegistry registry = new AgentRegistry(meters);
        Pages.register(METRICS_PATH, PROMETHEUS_CONTENT_TYPE, registry::scrape);
        try {
            // Started from this daemon thread: the server's own dispatcher thread is a daemon too.
            HttpEndpoint endpoint = HttpEndpoint.start(config.prometheus());
            log.info("serving Prometheus metrics at {}{}", endpoint.url(), METRICS_PATH);
        } catch (java.io.IOException | RuntimeException e) {
            log.warn("cannot serve metrics on prometheus={} ({}); the application runs on without the endpoint",
                    config.prometheus(), e.toString());
        }
    }
}
