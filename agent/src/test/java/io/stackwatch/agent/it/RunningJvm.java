package io.stackwatch.agent.it;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A child JVM that keeps running while a test talks to it: lines to its standard input, its
 * standard output read line by line, its standard error kept in a file. For the commands that work
 * on a running JVM (attach, detach, report) and the periodic checks.
 */
final class RunningJvm implements AutoCloseable {

    private final Process process;
    private final Writer stdin;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final Path stderr;
    final long pid;

    private RunningJvm(Process process, Path stderr) throws IOException, InterruptedException {
        this.process = process;
        this.stderr = stderr;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    lines.add(l);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        this.pid = process.pid();
        expect("ready " + pid);
    }

    /** Starts {@code mainClass} from the test classes; {@code agentArgs} null means without the agent. */
    static RunningJvm start(String agentArgs, List<String> jvmArgs, String mainClass) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.addAll(jvmArgs);
        if (agentArgs != null) {
            cmd.add("-javaagent:" + ChildJvm.AGENT_JAR.toAbsolutePath() + (agentArgs.isEmpty() ? "" : "=" + agentArgs));
        }
        cmd.add("-cp");
        cmd.add(ChildJvm.TEST_CLASSES.toAbsolutePath().toString());
        cmd.add(mainClass);
        Files.createDirectories(ChildJvm.OUTPUT);
        Path err = Files.createTempFile(ChildJvm.OUTPUT, mainClass.replace('.', '_') + "-", ".err");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        return new RunningJvm(p, err);
    }

    static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Sends a command line and returns the first output line starting with {@code answerPrefix}. */
    String send(String command, String answerPrefix) throws IOException, InterruptedException {
        stdin.write(command + "\n");
        stdin.flush();
        return expect(answerPrefix);
    }

    /** Waits (60 s at most) for an output line starting with {@code prefix}. */
    String expect(String prefix) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String l = lines.poll(200, TimeUnit.MILLISECONDS);
            if (l != null) {
                seen.add(l);
                if (l.startsWith(prefix)) {
                    return l;
                }
            }
            if (!process.isAlive() && lines.isEmpty()) {
                break;
            }
        }
        throw new AssertionError("no line starting \"" + prefix + "\" from the child; stdout so far: " + seen
                + "\nstderr:\n" + stderr());
    }

    String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    /** Waits (30 s at most) until the child's standard error matches. */
    String awaitStderr(Pattern pattern) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String err = stderr();
            if (pattern.matcher(err).find()) {
                return err;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("stderr never matched " + pattern + ":\n" + stderr());
    }

    /** Runs {@code java -jar stackwatch-agent.jar args...} and returns how it ended. */
    static ChildJvm.Result cli(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java());
        cmd.add("-jar");
        cmd.add(ChildJvm.AGENT_JAR.toAbsolutePath().toString());
        cmd.addAll(Arrays.asList(args));
        Files.createDirectories(ChildJvm.OUTPUT);
        Path out = Files.createTempFile(ChildJvm.OUTPUT, "cli-" + args[0] + "-", ".out");
        Path err = Files.createTempFile(ChildJvm.OUTPUT, "cli-" + args[0] + "-", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("stackwatch " + String.join(" ", args) + " did not finish in 90 s");
        }
        return new ChildJvm.Result(String.join(" ", cmd), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            try {
                stdin.write("exit\n");
                stdin.flush();
            } catch (IOException gone) {
                // already ending
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    static String classpathOf(Path... paths) {
        StringBuilder sb = new StringBuilder();
        for (Path p : paths) {
            sb.append(sb.length() == 0 ? "" : File.pathSeparator).append(p.toAbsolutePath());
        }
        return sb.toString();
    }
}
