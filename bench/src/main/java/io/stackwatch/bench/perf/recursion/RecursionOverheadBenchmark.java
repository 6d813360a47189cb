package io.stackwatch.bench.perf.recursion;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * Per recursive call: the instrumented walk against the same walk uninstrumented, a hand-written
 * depth parameter, a hand-written thread-local counter and {@link StackWalker}, and the walk as a
 * virtual cycle of two classes ({@link PlainCycle}, {@link TrackedCycle}), all in one JVM that runs
 * the agent (its {@code include} names the {@code Tracked*} classes only). One operation is a batch of {@value #CALLS} calls (walks
 * {@code depth} calls deep), so that a virtual thread's start and join are a small part of it; the
 * figures are per call. {@link StackWalker} walks the stack on every call, so its cost grows with the
 * depth: its operation is one walk, and the suite divides by the depth.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RecursionOverheadBenchmark {

    static final int CALLS = 100_000;

    @Param({"100", "1000", "5000"})
    public int depth;

    @Param({"platform", "virtual"})
    public ThreadKind thread;

    private Node list;
    private int walks;

    @Setup
    public void setUp() {
        // depth - 1 nodes: the call on the list's end (null) is the depth-th.
        list = Node.list(depth - 1);
        walks = CALLS / depth;
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int plain() throws Exception {
        return thread.run(() -> {
            int sum = 0;
            for (int i = 0; i < walks; i++) {
                sum += PlainRecursion.walk(list);
            }
            return sum;
        });
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int tracked() throws Exception {
        return thread.run(() -> {
            int sum = 0;
            for (int i = 0; i < walks; i++) {
                sum += TrackedRecursion.walk(list);
            }
            return sum;
        });
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int depthParameter() throws Exception {
        return thread.run(() -> {
            int sum = 0;
            for (int i = 0; i < walks; i++) {
                sum += DepthParameterRecursion.walk(list, 0);
            }
            return sum;
        });
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int threadLocalCounter() throws Exception {
        return thread.run(() -> {
            int sum = 0;
            for (int i = 0; i < walks; i++) {
                sum += ThreadLocalCounterRecursion.walk(list);
            }
            return sum;
        });
    }

    /** The walk through two classes calling each other through an interface, never instrumented. */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int cyclePlain() throws Exception {
        return thread.run(() -> {
            int sum = 0;
            for (int i = 0; i < walks; i++) {
                sum += PlainCycle.walk(list);
            }
            return sum;
        });
    }

    /** The same cycle instrumented: the counting code the agent keeps for open virtual calls. */
    @Benchmark
    @OperationsPerInvocation(CALLS)
    public int cycleTracked() throws Exception {
        return thread.run(() -> {
            int sum = 0;
            for (int i = 0; i < walks; i++) {
                sum += TrackedCycle.walk(list);
            }
            return sum;
        });
    }

    /** One walk per operation (ns per walk): the suite divides by the depth. */
    @Benchmark
    public int stackWalker() throws Exception {
        return thread.run(() -> StackWalkerRecursion.walk(list));
    }
}
