package io.stackwatch.agent.it;

import org.junit.jupiter.api.Test;
import testapps.MetricsHost;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The prometheus= endpoint on a real child JVM: what it serves, to whom, and what it refuses. */
class MetricsEndpointIT {

    static final Pattern SERVING = Pattern.compile("serving Prometheus metrics at (http://\\S+)/metrics");
    static final Pattern READY = Pattern.compile("(?m)^ready$");

    /** The Prometheus names of every meter the agent exports. */
    static final List<String> METRICS = List.of("stackwatch_stack_usage_ratio", "stackwatch_depth_max",
            "stackwatch_thread_peak_ratio", "stackwatch_thread_peak_depth", "stackwatch_warnings_total",
            "stackwatch_interceptions_total", "stackwatch_overflows_total", "stackwatch_go_stack_growths_total",
            "stackwatch_go_stack_shrinks_total", "stackwatch_go_stack_copied_bytes_total",
            "stackwatch_go_stack_copy_time_seconds_total", "stackwatch_go_stack_inuse_bytes", "stackwatch_stack_inuse_bytes",
            "stackwatch_threads_tracked", "stackwatch_threads_started_total", "stackwatch_events_dropped_total", "stackwatch_info");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> send(String method, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSafetySettingThatCannotBeUsedIsLoudInTheStartLineTheInfoGaugeAndTheEventLog() throws Exception {
        Path events = ChildJvm.eventLog("ignored-action");
        try (ChildJvm.Running child = ChildJvm.withAgent("prometheus=0,action=block,eventLog=" + events)
                .start("testapps.MetricsHost", "100")) {
            String base = child.await(SERVING, 60);
            child.await(READY, 60);
            String stderr = child.stderr();
            assertThat(stderr).contains("ignoring action=\"block\" from agent arguments: expected 'warn' or 'throw'; using warn");
            assertThat(stderr).containsPattern("active in \\d+ ms: .* action=warn .* IGNORED action \\(see the lines above\\)");
            ExpositionText text = ExpositionText.parse(send("GET", base + "/metrics").body());
            assertThat(text.named("stackwatch_info").get(0).labels).containsEntry("action", "warn").containsEntry("ignored", "action");
            assertThat(Files.readString(events)).contains("\"type\":\"config\",\"reason\":\"ignored\",\"ignored\":[\"action\"]");
        }
    }

    @Test
    void servesEveryMeterOnLoopbackAndAHostileThreadNameComesBackIntact() throws Exception {
        try (ChildJvm.Running child = ChildJvm.withAgent("prometheus=0").start("testapps.MetricsHost", "2000")) {
            String base = child.await(SERVING, 60);
            child.await(READY, 60);
            assertThat(base).as("listens on loopback unless told otherwise").startsWith("http://127.0.0.1:");

            HttpResponse<String> r = send("GET", base + "/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
            ExpositionText text = ExpositionText.parse(r.body());

            assertThat(text.names()).containsAll(METRICS);
            // The thread parked 2000 calls deep, under its hostile name, is one of the top threads.
            ExpositionText.Sample hostile = text.find("stackwatch_thread_peak_depth", "thread", MetricsHost.HOSTILE_NAME);
            assertThat(hostile.value).isGreaterThanOrEqualTo(2000 - 64); // to the last checkpoint of the rewritten cycle
            assertThat(text.find("stackwatch_thread_peak_ratio", "thread", MetricsHost.HOSTILE_NAME).value).isBetween(0.0, 1.0);
            assertThat(text.named("stackwatch_thread_peak_ratio")).hasSizeLessThanOrEqualTo(5);
            assertThat(text.value("stackwatch_depth_max")).isGreaterThanOrEqualTo(2000 - 64); // to the last checkpoint of the rewritten cycle
            assertThat(text.value("stackwatch_threads_tracked")).isGreaterThanOrEqualTo(1);
            assertThat(text.value("stackwatch_threads_started_total")).isGreaterThanOrEqualTo(7);
            // The runaway warned and overflowed once, counted under its method.
            assertThat(text.find("stackwatch_warnings_total", "method", "testapps.MetricsHost#runaway").value).isEqualTo(1);
            assertThat(text.find("stackwatch_overflows_total", "method", "testapps.MetricsHost#runaway").value).isEqualTo(1);
            assertThat(text.find("stackwatch_interceptions_total", "method", "other").value).isZero();
            // The Go model grew both deep threads' stacks from 8 KiB and copied the used part each time.
            assertThat(text.value("stackwatch_go_stack_growths_total")).isGreaterThanOrEqualTo(6);
            assertThat(text.value("stackwatch_go_stack_copied_bytes_total")).isGreaterThan(100_000);
            assertThat(text.value("stackwatch_go_stack_copy_time_seconds_total")).isGreaterThan(0);
            assertThat(text.value("stackwatch_go_stack_inuse_bytes")).isGreaterThanOrEqualTo(64 * 1024);
            // The settings in force, as tags of a gauge at 1; the checks that are off export nothing.
            ExpositionText.Sample info = text.named("stackwatch_info").get(0);
            assertThat(info.value).isEqualTo(1.0);
            assertThat(info.labels).containsEntry("action", "warn").containsEntry("select", "recursive")
                    .containsEntry("warn_at", "0.7").containsEntry("throw_at", "0.9").containsEntry("ignored", "")
                    .containsKey("version").containsKey("native");
            assertThat(text.names()).noneMatch(n -> n.startsWith("stackwatch_patrol_") || n.startsWith("stackwatch_nmt_")
                    || n.startsWith("stackwatch_task") || n.equals("stackwatch_threads_refused_total"));

            // Only GET (and HEAD) of /metrics.
            assertThat(send("POST", base + "/metrics").statusCode()).isEqualTo(405);
            assertThat(send("DELETE", base + "/metrics").statusCode()).isEqualTo(405);
            assertThat(send("GET", base + "/").statusCode()).isEqualTo(404);
            assertThat(send("GET", base + "/metrics/../etc/passwd").statusCode()).isEqualTo(404);
            assertThat(send("GET", base + "/stackwatchx").statusCode()).isEqualTo(404);
            // The live report (issue 6) is served next to the metrics.
            HttpResponse<String> report = send("GET", base + "/stackwatch");
            assertThat(report.statusCode()).isEqualTo(200);
            assertThat(report.body()).startsWith("stackwatch report at ");
            HttpResponse<String> head = send("HEAD", base + "/metrics");
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();

            ChildJvm.Result done = child.stop();
            assertThat(done.stdout).as(done.toString()).contains("done");
        }
    }

    @Test
    void aTakenPortIsOneLineAndTheHostRunsOn() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ChildJvm.Result r = ChildJvm.withAgent("prometheus=127.0.0.1:" + taken.getLocalPort()).run("testapps.PlainHost");

            assertThat(r.exitCode).as(r.toString()).isZero();
            assertThat(r.stdout).contains("host ran");
            List<String> lines = r.stderr.lines().filter(l -> l.contains("prometheus=")).filter(l -> l.contains("cannot")).toList();
            assertThat(lines).as(r.toString()).hasSize(1);
            assertThat(lines.get(0)).contains("cannot serve metrics on prometheus=127.0.0.1:" + taken.getLocalPort())
                    .contains("without the endpoint");
            assertThat(r.stderr).as("the agent itself still started").contains("stackwatch INFO  stackwatch");
        }
    }
}
