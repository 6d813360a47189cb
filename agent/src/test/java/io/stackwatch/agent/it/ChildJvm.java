package io.stackwatch.agent.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a child JVM (the same Java as the test's) with the built agent jar and a test program. */
final class ChildJvm {

    static final Path AGENT_JAR = Paths.get(System.getProperty("stackwatch.agentJar", "target/stackwatch-agent.jar"));
    static final Path TEST_CLASSES = Paths.get(System.getProperty("stackwatch.testClasses", "target/test-classes"));
    static final Path HOST_LIBS = Paths.get(System.getProperty("stackwatch.hostLibs", "target/host-libs"));
    static final Path CORPUS_LIBS = Paths.get(System.getProperty("stackwatch.corpusLibs", "target/corpus-libs"));
    static final Path OUTPUT = Paths.get("target", "it-output");

    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> classpath = new ArrayList<>();
    private final java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
    private String agentArgs;
    private boolean withAgent = true;
    private Path workingDirectory;
    private long timeoutSeconds = 120;
    private long fileSizeLimitKiB;

    static ChildJvm withAgent(String agentArgs) {
        ChildJvm c = new ChildJvm();
        c.agentArgs = agentArgs;
        return c;
    }

    static ChildJvm withoutAgent() {
        ChildJvm c = new ChildJvm();
        c.withAgent = false;
        return c;
    }

    ChildJvm jvmArg(String... args) {
        jvmArgs.addAll(Arrays.asList(args));
        return this;
    }

    ChildJvm hostLibs() throws IOException {
        try (var files = Files.list(HOST_LIBS)) {
            files.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> classpath.add(p.toString()));
        }
        return this;
    }

    /** Adds every jar in the folder (sorted by name) to the child's class path, after the test classes. */
    ChildJvm jarsIn(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            files.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> classpath.add(p.toAbsolutePath().toString()));
        }
        return this;
    }

    /** Sets an environment variable of the child (the rest is the test's own environment). */
    ChildJvm env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Runs the child in this directory (created if needed) instead of the test's own. */
    ChildJvm workingDirectory(Path dir) throws IOException {
        workingDirectory = Files.createDirectories(dir).toAbsolutePath();
        return this;
    }

    /** Lets {@link #run} wait this long instead of two minutes (the long forms of soak and churn). */
    ChildJvm timeoutSeconds(long seconds) {
        timeoutSeconds = seconds;
        return this;
    }

    /** Runs the child under a file size limit ({@code ulimit -f}): a write past it fails with "File too large". */
    ChildJvm fileSizeLimitKiB(long kib) {
        fileSizeLimitKiB = kib;
        return this;
    }

    /** Runs the main class to completion (two minutes at most unless told) and returns what it printed. */
    Result run(String mainClass, String... args) throws IOException, InterruptedException {
        List<String> cmd = command(mainClass, args);
        Files.createDirectories(OUTPUT);
        Path out = Files.createTempFile(OUTPUT, mainClass.replace('.', '_') + "-", ".out");
        Path err = Files.createTempFile(OUTPUT, mainClass.replace('.', '_') + "-", ".err");
        Process p = processBuilder(cmd, out, err).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("child JVM did not finish in " + timeoutSeconds + " s: " + cmd + "\nstdout:\n" + Files.readString(out)
                    + "\nstderr:\n" + Files.readString(err));
        }
        return new Result(String.join(" ", cmd), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Starts the main class and returns at once; the child runs until {@link Running#close()}. */
    Running start(String mainClass, String... args) throws IOException {
        List<String> cmd = command(mainClass, args);
        Files.createDirectories(OUTPUT);
        Path out = Files.createTempFile(OUTPUT, mainClass.replace('.', '_') + "-", ".out");
        Path err = Files.createTempFile(OUTPUT, mainClass.replace('.', '_') + "-", ".err");
        Process p = processBuilder(cmd, out, err).start();
        return new Running(String.join(" ", cmd), p, out, err);
    }

    private ProcessBuilder processBuilder(List<String> cmd, Path out, Path err) {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        if (workingDirectory != null) {
            pb.directory(workingDirectory.toFile());
        }
        return pb;
    }

    private List<String> command(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        if (fileSizeLimitKiB > 0) {
            // bash counts ulimit -f in KiB; the JVM ignores SIGXFSZ, so the write fails instead of the process.
            cmd.addAll(List.of("bash", "-c", "ulimit -f " + fileSizeLimitKiB + " && exec \"$@\"", "bash"));
        }
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        if (withAgent) {
            cmd.add("-javaagent:" + AGENT_JAR.toAbsolutePath() + (agentArgs == null || agentArgs.isEmpty() ? "" : "=" + agentArgs));
        }
        List<String> cp = new ArrayList<>();
        cp.add(TEST_CLASSES.toAbsolutePath().toString());
        cp.addAll(classpath);
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, cp));
        cmd.add(mainClass);
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    /** A child JVM still running: read what it printed so far, wait for a line, stop it. */
    static final class Running implements AutoCloseable {
        final String command;
        final Process process;
        private final Path out;
        private final Path err;

        Running(String command, Process process, Path out, Path err) {
            this.command = command;
            this.process = process;
            this.out = out;
            this.err = err;
        }

        String stdout() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        String stderr() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }

        /** Waits until standard output or standard error matches {@code regex}; returns the first group (or the match). */
        String await(java.util.regex.Pattern regex, long seconds) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                for (String text : new String[]{stdout(), stderr()}) {
                    java.util.regex.Matcher m = regex.matcher(text);
                    if (m.find()) {
                        return m.groupCount() > 0 ? m.group(1) : m.group();
                    }
                }
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("child JVM never printed /" + regex + "/ in " + seconds + " s\n" + this);
        }

        /** Closes the child's standard input (test apps end then), and kills it if it does not end in 20 s. */
        Result stop() throws IOException, InterruptedException {
            try {
                process.getOutputStream().close();
            } catch (IOException ignored) {
                // already gone
            }
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            return new Result(command, process.exitValue(), stdout(), stderr());
        }

        @Override
        public void close() throws IOException, InterruptedException {
            if (process.isAlive()) {
                stop();
            }
        }

        @Override
        public String toString() {
            try {
                return "command: " + command + "\nstdout:\n" + stdout() + "\nstderr:\n" + stderr();
            } catch (IOException e) {
                return "command: " + command;
            }
        }
    }

    static Path eventLog(String name) throws IOException {
        Files.createDirectories(OUTPUT);
        Path log = Files.createTempFile(OUTPUT, name + "-", ".jsonl");
        Files.delete(log);
        return log.toAbsolutePath();
    }

    /** What a child JVM printed and how it ended. */
    static final class Result {
        final String command;
        final int exitCode;
        final String stdout;
        final String stderr;

        Result(String command, int exitCode, String stdout, String stderr) {
            this.command = command;
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        List<String> stdoutLines() {
            return Arrays.asList(stdout.split("\\R"));
        }

        List<String> stderrLines() {
            return stderr.isEmpty() ? List.of() : Arrays.asList(stderr.split("\\R"));
        }

        @Override
        public String toString() {
            return "command: " + command + "\nexit: " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }
}
