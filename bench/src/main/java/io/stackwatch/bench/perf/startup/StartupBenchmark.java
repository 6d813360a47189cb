package io.stackwatch.bench.perf.startup;

import io.stackwatch.bench.perf.ChildJava;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Start-up, one child JVM per operation: the time from starting it until its {@code main} runs
 * ({@link HelloMain} prints at once). {@code agent}: {@code none}; {@code empty}, an agent that does
 * nothing ({@link EmptyAgent}: what any {@code -javaagent:} costs); or {@code default}, stackwatch with
 * its defaults.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StartupBenchmark {

    @Param({"none", "empty", "default"})
    public String agent;

    private Process running;
    private java.nio.file.Path emptyAgent;

    @Setup(Level.Trial)
    public void emptyAgentJar() throws IOException {
        if (agent.equals("empty")) {
            emptyAgent = EmptyAgent.jar();
        }
    }

    @Benchmark
    public void untilMain() throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ChildJava.java());
        if (agent.equals("empty")) {
            cmd.add("-javaagent:" + emptyAgent);
        } else {
            cmd.addAll(ChildJava.agentOption(agent.equals("none") ? null : ""));
        }
        cmd.add("-cp");
        cmd.add(ChildJava.classPath());
        cmd.add(HelloMain.class.getName());
        running = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(running.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"main".equals(line)) {
            throw new IllegalStateException("the probe did not reach main: " + line);
        }
    }

    @TearDown(Level.Invocation)
    public void reap() throws InterruptedException {
        ChildRun.reap(running);
        running = null;
    }
}
