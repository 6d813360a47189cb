package io.stackwatch.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

/**
 * Real programs that receive OTLP, for the export's integration tests, each on a loopback port:
 * the OpenTelemetry Collector (built by {@code .ci/otelcol/build}, where a Go toolchain and the Go
 * module proxy can be reached) and VictoriaMetrics (Debian's package, which takes OTLP/HTTP
 * metrics; installed by {@code .ci/otlp-receivers}). Found through a system property, an
 * environment variable or the PATH.
 */
final class OtlpReceivers {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private OtlpReceivers() {
    }

    /** The executable named by the property or variable, or {@code command} on the PATH; null when none is there. */
    static Path find(String property, String variable, String command) {
        String named = System.getProperty(property, System.getenv(variable));
        if (named != null && !named.isBlank()) {
            Path p = Paths.get(named);
            return Files.isExecutable(p) ? p : null;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path p = Paths.get(dir, command);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Waits until {@code url} answers at all (the server is up). */
    static void awaitUp(String url, Process p, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("receiver ended at start:\n" + Files.readString(log));
            }
            try {
                get(url);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("receiver not up in 30 s:\n" + Files.readString(log));
    }

    /** VictoriaMetrics with OTLP/HTTP metrics at {@code /opentelemetry/v1/metrics}. */
    static final class VictoriaMetrics implements AutoCloseable {
        final String base;
        private final Process process;

        private VictoriaMetrics(String base, Process process) {
            this.base = base;
            this.process = process;
        }

        /** Starts it; a missing binary skips the test, or fails it where .ci/run installed it ({@code OTLP_RECEIVERS_REQUIRED=true}). */
        static VictoriaMetrics start() throws IOException, InterruptedException {
            Path binary = find("stackwatch.victoriaMetrics", "VICTORIA_METRICS_BINARY", "victoria-metrics");
            if (binary == null) {
                String why = "victoria-metrics not found: run .ci/otlp-receivers (Debian's victoria-metrics package)";
                if ("true".equals(System.getenv("OTLP_RECEIVERS_REQUIRED"))) {
                    throw new AssertionError(why);
                }
                Assumptions.abort(why);
            }
            Path dir = Files.createTempDirectory(Files.createDirectories(ChildJvm.OUTPUT), "victoria-metrics-");
            int port = freePort();
            Path log = dir.resolve("victoria-metrics.log");
            Process p = new ProcessBuilder(binary.toString(), "-httpListenAddr=127.0.0.1:" + port,
                    "-storageDataPath=" + dir.resolve("data"), "-search.latencyOffset=0s", "-search.disableCache")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            String base = "http://127.0.0.1:" + port;
            awaitUp(base + "/health", p, log);
            return new VictoriaMetrics(base, p);
        }

        /** The OTLP base URL (the exporter appends {@code /v1/metrics}). */
        String otlpEndpoint() {
            return base + "/opentelemetry";
        }

        /** Every series whose name matches {@code nameRegex}, with its labels, waiting up to {@code seconds} for one. */
        JsonNode series(String nameRegex, long seconds) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            JsonNode data = null;
            while (System.nanoTime() < deadline) {
                get(base + "/internal/force_flush");
                data = JSON.readTree(get(base + "/api/v1/series?match[]=" + encode("{__name__=~\"" + nameRegex + "\"}"))).path("data");
                if (data.size() > 0) {
                    return data;
                }
                Thread.sleep(250);
            }
            return data;
        }

        /**
         * The newest value of the series selected by {@code selector} (MetricsQL), waiting up to 30 s
         * for it to be searchable (the receiver indexes what it took asynchronously); NaN if it never is.
         */
        double value(String selector) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                get(base + "/internal/force_flush");
                JsonNode r = JSON.readTree(get(base + "/api/v1/query?query=" + encode(selector))).path("data").path("result");
                if (r.size() > 0) {
                    return r.get(0).path("value").get(1).asDouble();
                }
                if (System.nanoTime() > deadline) {
                    return Double.NaN;
                }
                Thread.sleep(250);
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /**
     * Takes OTLP/HTTP log requests on a loopback port and reads each with the OTLP schema's own
     * classes (the generated ones the agent jar carries, shaded), as the protobuf text format.
     */
    static final class LogRequests implements AutoCloseable {
        final String url;
        final List<String> requests = new CopyOnWriteArrayList<>();
        final List<String> contentTypes = new CopyOnWriteArrayList<>();
        private final HttpServer server;
        private final URLClassLoader schema;

        LogRequests() throws IOException {
            schema = schemaClasses();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/v1/logs", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
                try {
                    requests.add(decode(body));
                    exchange.sendResponseHeaders(200, -1);
                } catch (ReflectiveOperationException e) {
                    requests.add("undecodable: " + e.getCause());
                    exchange.sendResponseHeaders(400, -1);
                }
                exchange.close();
            });
            server.start();
            url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/logs";
        }

        private String decode(byte[] body) throws ReflectiveOperationException {
            Class<?> request = schema.loadClass("io.stackwatch.shaded.io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest");
            return request.getMethod("parseFrom", byte[].class).invoke(null, (Object) body).toString();
        }

        /** Every request so far, as text, waiting up to {@code seconds} for one that contains {@code needle}. */
        String await(String needle, long seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                String all = String.join("\n", requests);
                if (all.contains(needle)) {
                    return all;
                }
                Thread.sleep(100);
            }
            return String.join("\n", requests);
        }

        /** The nested export jar out of the built agent jar, in a class loader of its own. */
        private static URLClassLoader schemaClasses() throws IOException {
            Path jar = Files.createTempFile(Files.createDirectories(ChildJvm.OUTPUT), "otlp-schema-", ".jar");
            try (ZipFile agent = new ZipFile(ChildJvm.AGENT_JAR.toFile())) {
                Files.copy(agent.getInputStream(agent.getEntry("io/stackwatch/agent/otlp/stackwatch-otlp.jar")), jar,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        }

        @Override
        public void close() throws IOException {
            server.stop(0);
            schema.close();
        }
    }
}
