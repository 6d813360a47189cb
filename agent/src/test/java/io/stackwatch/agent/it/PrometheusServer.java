package io.stackwatch.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus} package) on a loopback port, with its own
 * configuration and storage under target/, stopped by {@link #close()}.
 */
final class PrometheusServer implements AutoCloseable {

    static final String BINARY = "prometheus";

    private final Process process;
    private final String base;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    private PrometheusServer(Process process, String base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /**
     * The path of a tool of the prometheus package ({@code prometheus}, {@code promtool}). Outside CI a
     * missing package skips the test with the reason; in CI ({@code CI=true}, where .ci/run installs it) it fails.
     */
    static String tool(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Paths.get(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        String why = name + " not found on the PATH: install Debian's prometheus package "
                + "(apt-get install -y --no-install-recommends prometheus), as .ci/run does";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(why);
        }
        Assumptions.abort(why);
        return null;
    }

    /**
     * Starts Prometheus with {@code config} (a prometheus.yml text) and the files it names (rule files,
     * by name, copied beside it) and waits until it is ready.
     */
    static PrometheusServer start(String config, List<Path> besideConfig) throws IOException, InterruptedException {
        String binary = tool(BINARY);
        Path dir = Files.createTempDirectory(Files.createDirectories(ChildJvm.OUTPUT), "prometheus-");
        Path configFile = dir.resolve("prometheus.yml");
        Files.writeString(configFile, config);
        for (Path f : besideConfig) {
            Files.copy(f, dir.resolve(f.getFileName().toString()));
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("prometheus.log");
        Process p = new ProcessBuilder(binary, "--config.file=" + configFile, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(p, "http://127.0.0.1:" + port, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                if (server.get("/-/ready").statusCode() == 200) {
                    return server;
                }
            } catch (IOException notYet) {
                // starting
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(200);
        }
        server.close();
        throw new AssertionError("prometheus did not become ready:\n" + Files.readString(log));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The result vector of an instant query (the {@code data.result} array). */
    JsonNode query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> r = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        JsonNode body = json.readTree(r.body());
        if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new AssertionError("query " + promql + " failed: " + r.body());
        }
        return body.path("data").path("result");
    }

    /** Queries until the result is not empty (Prometheus scrapes on its own schedule). */
    JsonNode awaitResult(String promql, long seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = query(promql);
            if (last.size() > 0) {
                return last;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no result for " + promql + " in " + seconds + " s (last: " + last + ")\ntargets: "
                + get("/api/v1/targets").body() + "\nlog:\n" + Files.readString(log));
    }

    /** The rules Prometheus loaded, as its API reports them. */
    JsonNode rules() throws IOException, InterruptedException {
        return json.readTree(get("/api/v1/rules").body()).path("data").path("groups");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
