package io.stackwatch.agent.runtime;

import io.stackwatch.agent.config.AgentConfig;
import io.stackwatch.agent.config.ListenAddress;
import io.stackwatch.agent.endpoint.HttpEndpoint;
import io.stackwatch.agent.endpoint.Pages;
import io.stackwatch.agent.livereport.LiveReport;
import io.stackwatch.agent.metrics.AgentRegistry;
import io.stackwatch.agent.metrics.StackwatchMeters;
import org.slf4j.Logger;

import java.io.IOException;

/**
 * {@code prometheus=host:port}: the HTTP endpoint with the meters in the Prometheus text format at
 * {@code /metrics} and, where {@code reportPages} allows, the live report at {@code /stackwatch} and
 * {@code /stackwatch.json}.
 */
final class EndpointComponent implements Component {

    static final String METRICS_PATH = "/metrics";
    static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final String REPORT_PATH = "/stackwatch";
    static final String REPORT_JSON_PATH = "/stackwatch.json";

    private final ListenAddress address;
    private final AgentConfig.ReportPages reportPages;
    private final StackwatchMeters meters;
    private final LiveReport report;
    private final Logger log;
    private HttpEndpoint endpoint;

    EndpointComponent(ListenAddress address, AgentConfig.ReportPages reportPages, StackwatchMeters meters, LiveReport report,
                      Logger log) {
        this.address = address;
        this.reportPages = reportPages;
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
        // Where reportPages allows (the endpoint decides from its bind address).
        Pages.registerReport(REPORT_PATH, "text/plain; charset=utf-8", report::text);
        Pages.registerReport(REPORT_JSON_PATH, "application/json", report::json);
        try {
            // Every thread of the endpoint is a daemon of its own: it never keeps the JVM alive.
            endpoint = HttpEndpoint.start(address, reportPages);
            // For the attach command, which cannot see this JVM's log, to say where the metrics are.
            System.setProperty(AgentStatus.ENDPOINT, endpoint.url() + METRICS_PATH);
            if (endpoint.servesReportPages()) {
                log.info("serving Prometheus metrics at {}{} and the live report at {}{}", endpoint.url(), METRICS_PATH,
                        endpoint.url(), REPORT_PATH);
            } else {
                log.info("serving Prometheus metrics at {}{} (the report pages are off on this endpoint: {})",
                        endpoint.url(), METRICS_PATH, reportPages == AgentConfig.ReportPages.OFF
                                ? "reportPages=off" : "not a loopback address; reportPages=on serves them to anyone who can connect");
            }
        } catch (IOException | RuntimeException e) {
            log.warn("cannot serve metrics on prometheus={} ({}); the application runs on without the endpoint",
                    address, e.toString());
        }
    }

    @Override
    public void stop() {
        if (endpoint != null) {
            endpoint.stop();
            System.clearProperty(AgentStatus.ENDPOINT);
        }
    }
}
