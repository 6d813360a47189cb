package io.stackwatch.bench.perf.recursion;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * Per recursive call of a binary-tree walk (one call per node, one recursive call per child, on the
 * benchmark's platform thread): the walk as written ({@link PlainTree}), instrumented by the agent
 * ({@link TrackedTree}), with a hand-written depth parameter looked at every 64 levels
 * ({@link DepthParameterTree}), the same with the agent's overflow handler ({@link OverflowHandlerTree})
 * and with a hand-written thread-local counter
 * ({@link ThreadLocalCounterTree}), all in one JVM that runs the agent. One operation is
 * {@value #WALKS} walks of a complete tree of {@value #HEIGHT} levels; the figures are per call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TreeWalkBenchmark {

    /** 4,095 nodes of 24 bytes or so: the tree stays in the core's caches, as a hot structure would. */
    public static final int HEIGHT = 12;
    public static final int WALKS = 25;
    public static final int CALLS = WALKS * ((1 << HEIGHT) - 1);

    private TreeNode tree;

    @Setup
    public void setUp() {
        tree = TreeNode.complete(HEIGHT);
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int plain() {
        int sum = 0;
        for (int i = 0; i < WALKS; i++) {
            sum += PlainTree.walk(tree);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int tracked() {
        int sum = 0;
        for (int i = 0; i < WALKS; i++) {
            sum += TrackedTree.walk(tree);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int depthParameter() {
        int sum = 0;
        for (int i = 0; i < WALKS; i++) {
            sum += DepthParameterTree.walk(tree, 0);
        }
        return sum;
    }

    /** The hand-written depth parameter with the agent's overflow handler around the body. */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int overflowHandler() {
        int sum = 0;
        for (int i = 0; i < WALKS; i++) {
            sum += OverflowHandlerTree.walk(tree, 0);
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int threadLocalCounter() {
        int sum = 0;
        for (int i = 0; i < WALKS; i++) {
            sum += ThreadLocalCounterTree.walk(tree);
        }
        return sum;
    }
}
