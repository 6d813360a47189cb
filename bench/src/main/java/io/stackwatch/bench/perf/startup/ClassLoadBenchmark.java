package io.stackwatch.bench.perf.startup;

import io.stackwatch.bench.perf.ChildJava;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Class transformation cost, one child JVM per operation: {@link LoadEveryClass} loads every class
 * of seven jars (guava, jackson-databind and -core, snakeyaml, gson, jmh-core, commons-math3: 5,000+
 * classes) with no agent, or with the agent including all their packages under {@code select=recursive}
 * or {@code select=all}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ClassLoadBenchmark {

    /** The packages of the jars {@link LoadEveryClass} loads. */
    public static final String LOADED_PACKAGES =
            "com.google.**;com.fasterxml.**;org.yaml.**;org.openjdk.jmh.**;org.apache.commons.**";
    static final String[] LOADED_JARS = {"guava-", "jackson-databind-", "jackson-core-", "snakeyaml-", "gson-",
            "jmh-core-", "commons-math3-"};
    /** The suite's quick mode (a smoke test) loads only these. */
    static final String[] FEW_JARS = {"gson-"};

    @Param({"none", "recursive", "all"})
    public String select;

    /** {@code all}: the seven jars; {@code few}: gson only (the quick mode). */
    @Param({"all"})
    public String jars;

    private Process running;

    @Benchmark
    public void loadEveryClass() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ChildJava.java());
        cmd.addAll(ChildJava.agentOption(select.equals("none") ? null
                : "include=" + LOADED_PACKAGES + ",select=" + select));
        cmd.add("-cp");
        cmd.add(ChildJava.classPath());
        cmd.add(LoadEveryClass.class.getName());
        cmd.addAll(ChildJava.jarsNamed(jars.equals("few") ? FEW_JARS : LOADED_JARS));
        running = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (running.waitFor() != 0 || !out.startsWith("loaded ")) {
            throw new IllegalStateException("loading failed: " + out);
        }
    }

    @TearDown(Level.Invocation)
    public void reap() throws InterruptedException {
        ChildRun.reap(running);
        running = null;
    }
}
