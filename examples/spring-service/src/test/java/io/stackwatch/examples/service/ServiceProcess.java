package io.stackwatch.examples.service;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The service's packaged jar running in its own JVM on a free loopback port, with or without the
 * built agent jar, exactly as the README starts it ({@code java [-javaagent:...] -jar ... --server.port=N}).
 */
final class ServiceProcess implements AutoCloseable {

    static final Path AGENT_JAR = Paths.get(System.getProperty("stackwatch.agentJar", "../../agent/target/stackwatch-agent.jar"));
    static final Path SERVICE_JAR = Paths.get(System.getProperty("stackwatch.serviceJar", "target/stackwatch-spring-service.jar"));
    static final Path OUTPUT = Paths.get("target", "it-output");

    final Process process;
    final int port;
    final Path stdout;
    final Path stderr;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private ServiceProcess(Process process, int port, Path stdout, Path stderr) {
        this.process = process;
        this.port = port;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts the service with the agent and these agent arguments (null: without the agent) and waits until it is healthy. */
    static ServiceProcess start(String name, String agentArgs, String... jvmArgs) throws IOException, InterruptedException {
        return start(name, agentArgs, List.of(jvmArgs), List.of());
    }

    /** As above, with JVM arguments before and after the agent's {@code -javaagent:} (another agent, in either order). */
    static ServiceProcess start(String name, String agentArgs, List<String> before, List<String> after)
            throws IOException, InterruptedException {
        int port = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.addAll(before);
        if (agentArgs != null) {
            cmd.add("-javaagent:" + AGENT_JAR.toAbsolutePath() + (agentArgs.isEmpty() ? "" : "=" + agentArgs));
        }
        cmd.addAll(after);
        cmd.addAll(List.of("-jar", SERVICE_JAR.toAbsolutePath().toString(), "--server.port=" + port,
                "--server.address=127.0.0.1"));
        Files.createDirectories(OUTPUT);
        Path out = OUTPUT.resolve(name + ".out");
        Path err = OUTPUT.resolve(name + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        ServiceProcess s = new ServiceProcess(p, port, out, err);
        s.awaitHealthy(Duration.ofSeconds(150), cmd);
        return s;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void awaitHealthy(Duration limit, List<String> cmd) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("service exited with " + process.exitValue() + ": " + cmd + "\n" + output());
            }
            try {
                if (get("/actuator/health").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        close();
        throw new AssertionError("service not healthy in " + limit.toSeconds() + " s: " + cmd + "\n" + output());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpRequest evaluateRequest(String expression) {
        return HttpRequest.newBuilder(uri("/evaluate")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(expression, StandardCharsets.UTF_8)).build();
    }

    HttpResponse<String> evaluate(String expression) throws IOException, InterruptedException {
        return http.send(evaluateRequest(expression), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Runs a full garbage collection in the service's JVM (jcmd GC.run), so heap figures compare live data. */
    void collectGarbage() throws IOException, InterruptedException {
        Path jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.run")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("jcmd GC.run failed: " + out);
        }
    }

    String output() throws IOException {
        return "stdout:\n" + tail(stdout) + "\nstderr:\n" + tail(stderr);
    }

    String stderrText() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    String stdoutText() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    private static String tail(Path file) throws IOException {
        String s = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        return s.length() > 20_000 ? "..." + s.substring(s.length() - 20_000) : s;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
