package io.stackwatch.agent.runtime;

import io.stackwatch.agent.config.ListenAddress;
import io.stackwatch.agent.endpoint.HttpEndpoint;
import io.stackwatch.agent.endpoint.Pages;
import io.stackwatch.agent.livereport.LiveReport;
import io.stackwatch.agent.metrics.AgentRegistry;
import io.stackwatch.agent.metrics.StackwatchMeters;
import org.slf4j.Logger;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * {@code prometheus=host:port}: the HTTP endpoint with the meters in the Prometheus text format at
 * {@code /metrics} and the live report at {@code /stackwatch} and {@code /stackwatch.json}.
 */
final class EndpointComponent implements Component {

    static final String METRICS_PATH = "/metrics";
    static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final String REPORT_PATH = "/stackwatch";
    static final String REPORT_JSON_PATH = "/stackwatch.json";

    private final ListenAddress address;
    private final StackwatchMeters meters;
    private final LiveReport report;
    private final Logger log;
    private HttpEndpoint endpoint;

    EndpointComponent(ListenAddress address, StackwatchMeters meters, LiveReport report, Logger log) {
        this.address = address;
        this.meters = meters;
        this.report = report;
        this.log = log;
    }

    @Override
    public String name() {
        return "the metrics endpoint";
    }

    @Override
    public void start() {
        AgentRegistry registry = new AgentRegistry(meters);
        Pages.register(METRICS_PATH, PROMETHEUS_CONTENT_TYPE, registry::scrape);
        Pages.register(REPORT_PATH, "text/plain; charset=utf-8", report::text);
        Pages.register(REPORT_JSON_PATH, "application/json", report::json);
        try {
            endpoint = bindOnADaemonThread();
            log.info("serving Prometheus metrics at {}{}", endpoint.url(), METRICS_PATH);
        } catch (IOException | RuntimeException e) {
            log.warn("cannot serve metrics on prometheus={} ({}); the application runs on without the endpoint",
                    address, e.toString());
        }
    }

    /**
     * The server's dispatcher thread takes its daemon status from the thread that starts it, and the
     * endpoint must never keep the application's JVM alive: whatever thread starts the agent, it binds
     * from a daemon thread of its own.
     */
    private HttpEndpoint bindOnADaemonThread() throws IOException {
        FutureTask<HttpEndpoint> binding = new FutureTask<>(() -> HttpEndpoint.start(address));
        Thread t = new Thread(binding, "stackwatch-endpoint-start");
        t.setDaemon(true);
        t.start();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return binding.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException) {
                        throw (IOException) e.getCause();
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void stop() {
        if (endpoint != null) {
            endpoint.stop();
        }
    }
}
