package io.stackwatch.bench.ops;

import io.stackwatch.agent.checks.Patrol;
import io.stackwatch.agent.checks.PatrolFigures;
import io.stackwatch.agent.livereport.ThreadSampler;
import io.stackwatch.core.tracking.StackCapacityProbe;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The cost of one patrol round over {@code threads} parked platform threads ({@code shallowFrames}
 * deep each, like pool workers waiting for work) of which {@code deepThreads} sit 3,000 frames deep
 * in a recursion. Baselines in the same run: {@code Thread.getAllStackTraces()} (what a naive patrol
 * would call) and the JVM's full thread dump through {@link ThreadMXBean}. The patrol reads each
 * thread's first {@code patrolDepth + 1} frames in one dump, re-reads only the deep threads in full,
 * and finds their cycle and origin.
 *
 * <pre>
 * mvn -B -q package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=compile
 * java -cp "bench/target/stackwatch-bench.jar:$(cat bench/target/classpath.txt)" org.openjdk.jmh.Main PatrolRoundBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xss1m"})
public class PatrolRoundBenchmark {

    @Param({"2000"})
    int threads;

    @Param({"5"})
    int deepThreads;

    @Param({"20"})
    int shallowFrames;

    static final int DEEP_FRAMES = 3000;
    static final int PATROL_DEPTH = 2000;

    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Thread> started = new ArrayList<>();
    private ThreadMXBean mx;
    private ThreadSampler sampler;
    private Patrol patrol;
    private long notes;

    @Setup(Level.Trial)
    public void park() throws InterruptedException {
        CountDownLatch parked = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            int depth = i < deepThreads ? DEEP_FRAMES : shallowFrames;
            Thread t = new Thread(() -> descend(depth, parked), "parked-" + i);
            t.setDaemon(true);
            t.start();
            started.add(t);
        }
        parked.await();
        mx = ManagementFactory.getThreadMXBean();
        sampler = new ThreadSampler(StackCapacityProbe.DEFAULT);
        patrol = new Patrol(sampler, (warning, text, json) -> notes++, PATROL_DEPTH, 0.7, 200, null);
    }

    private void descend(int n, CountDownLatch parked) {
        if (n > 0) {
            descend(n - 1, parked);
            return;
        }
        parked.countDown();
        try {
            release.await();
        } catch (InterruptedException ignored) {
            // end
        }
    }

    @TearDown(Level.Trial)
    public void unpark() {
        release.countDown();
        System.out.println("\npatrol: last round " + PatrolFigures.lastRoundNanos() / 1000 + " us over "
                + PatrolFigures.threads() + " threads, " + PatrolFigures.threadsOver() + " over patrolDepth, deepest "
                + PatrolFigures.deepestFrames() + " frames, " + notes + " warnings");
    }

    @Benchmark
    public void baselineGetAllStackTraces(Blackhole bh) {
        bh.consume(Thread.getAllStackTraces());
    }

    @Benchmark
    public void baselineFullThreadDump(Blackhole bh) {
        bh.consume(mx.dumpAllThreads(false, false));
    }

    @Benchmark
    public void patrolRound() {
        patrol.run();
    }
}
