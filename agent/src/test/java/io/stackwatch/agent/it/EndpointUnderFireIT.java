package io.stackwatch.agent.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code prometheus=} endpoint against hostile and careless clients on a real child JVM: slow
 * clients, a public bind, a browser on a rebinding DNS name, a flood of report requests.
 */
class EndpointUnderFireIT {

    private static final Pattern PORT = Pattern.compile("serving Prometheus metrics at http://\\S+:(\\d+)/metrics");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int port(ChildJvm.Running child) throws Exception {
        int port = Integer.parseInt(child.await(PORT, 60));
        child.await(MetricsEndpointIT.READY, 60);
        return port;
    }

    @Test
    void slowClientsDoNotSilenceTheMetricsOrTheReportAndAreDroppedSoon() throws Exception {
        try (ChildJvm.Running child = ChildJvm.withAgent("prometheus=0").start("testapps.MetricsHost", "200")) {
            int port = port(child);
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                    // Two header lines, then nothing: the request never ends.
                    s.getOutputStream().write(("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                    slow.add(s);
                }
                for (int round = 0; round < 3; round++) {
                    long start = System.nanoTime();
                    HttpResponse<String> metrics = get(port, "/metrics");
                    HttpResponse<String> report = get(port, "/stackwatch");
                    assertThat(metrics.statusCode()).isEqualTo(200);
                    assertThat(metrics.body()).contains("stackwatch_threads_tracked");
                    assertThat(report.statusCode()).isEqualTo(200);
                    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("answered while slow clients hang")
                            .isLessThan(4000);
                }
                // The endpoint gives up on a request that does not arrive in time.
                for (Socket s : slow) {
                    s.setSoTimeout(20_000);
                    String answer = readAll(s.getInputStream());
                    assertThat(answer).as("what a slow client gets").satisfiesAnyOf(
                            a -> assertThat(a).isEmpty(), a -> assertThat(a).startsWith("HTTP/1.1 408"));
                }
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
        }
    }

    @Test
    void reportPagesAreOffOnAPublicBindUnlessTurnedOn() throws Exception {
        try (ChildJvm.Running child = ChildJvm.withAgent("prometheus=0.0.0.0:0").start("testapps.MetricsHost", "200")) {
            int port = port(child);
            assertThat(get(port, "/metrics").statusCode()).isEqualTo(200);
            HttpResponse<String> report = get(port, "/stackwatch");
            assertThat(report.statusCode()).isEqualTo(404);
            assertThat(report.body()).contains("reportPages=on");
            assertThat(get(port, "/stackwatch.json").statusCode()).isEqualTo(404);
            assertThat(child.stderr()).contains("reportPages");
        }
        try (ChildJvm.Running child = ChildJvm.withAgent("prometheus=0.0.0.0:0,reportPages=on").start("testapps.MetricsHost", "200")) {
            int port = port(child);
            assertThat(get(port, "/stackwatch").body()).startsWith("stackwatch report at ");
        }
        try (ChildJvm.Running child = ChildJvm.withAgent("prometheus=0,reportPages=off").start("testapps.MetricsHost", "200")) {
            int port = port(child);
            assertThat(get(port, "/metrics").statusCode()).isEqualTo(200);
            assertThat(get(port, "/stackwatch.json").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aLoopbackEndpointAnswersOnlyRequestsNamingALoopbackHost() throws Exception {
        try (ChildJvm.Running child = ChildJvm.withAgent("prometheus=0").start("testapps.MetricsHost", "200")) {
            int port = port(child);
            // A page on a DNS name an attacker rebinds to 127.0.0.1 sends the attacker's name.
            assertThat(statusLine(port, "/metrics", "rebind.attacker.example:" + port)).isEqualTo("HTTP/1.1 403 Forbidden");
            assertThat(statusLine(port, "/stackwatch.json", "rebind.attacker.example")).isEqualTo("HTTP/1.1 403 Forbidden");
            assertThat(statusLine(port, "/metrics", "localhost:" + port)).isEqualTo("HTTP/1.1 200 OK");
            assertThat(statusLine(port, "/metrics", "127.0.0.1:" + port)).isEqualTo("HTTP/1.1 200 OK");
            assertThat(statusLine(port, "/stackwatch", "LOCALHOST")).isEqualTo("HTTP/1.1 200 OK");
        }
    }

    @Test
    void theReportPagesAreBuiltAtMostOnceEveryFewSecondsHoweverOftenTheyAreAskedFor() throws Exception {
        try (ChildJvm.Running child = ChildJvm.withAgent("prometheus=0").start("testapps.MetricsHost", "200")) {
            int port = port(child);
            Pattern ts = Pattern.compile("^\\{\"ts\":\"([^\"]+)\"");
            String first = null;
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> r = get(port, "/stackwatch.json");
                assertThat(r.statusCode()).isEqualTo(200);
                Matcher m = ts.matcher(r.body());
                assertThat(m.find()).as(r.body()).isTrue();
                if (first == null) {
                    first = m.group(1);
                }
                assertThat(m.group(1)).as("request %d answered from the report built for the first", i).isEqualTo(first);
            }
        }
    }

    /** Sends a GET with this Host header over a plain socket and returns the response's status line. */
    private static String statusLine(int port, String path, String host) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = readAll(s.getInputStream());
            int end = answer.indexOf("\r\n");
            return end < 0 ? answer : answer.substring(0, end);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        try {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the endpoint kept the connection open", e);
        } catch (IOException reset) {
            return "";
        }
    }
}
