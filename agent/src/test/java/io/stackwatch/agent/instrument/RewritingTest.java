package io.stackwatch.agent.instrument;

import io.stackwatch.agent.classfile.ClassShape;
import io.stackwatch.agent.classfile.ShapeReader;
import io.stackwatch.agent.instrument.fixtures.MutualRecursion;
import io.stackwatch.core.tracking.ThreadStackState;
import io.stackwatch.core.tracking.Tracker;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two rewriters on real class files, loaded and run here (the JVM verifies every class a
 * non-boot loader defines): same results, the overloads where they belong, the count balanced
 * however the calls end.
 */
class RewritingTest {

    /** Defines the given class files in a loader of their own, delegating everything else. */
    static final class Isolated extends ClassLoader {
        private final Map<String, byte[]> classes;

        Isolated(Map<String, byte[]> classes) {
            super(RewritingTest.class.getClassLoader());
            this.classes = classes;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                byte[] b = classes.get(name);
                if (b == null) {
                    return super.loadClass(name, resolve);
                }
                Class<?> c = findLoadedClass(name);
                return c != null ? c : defineClass(name, b, 0, b.length);
            }
        }
    }

    static byte[] classFile(Class<?> c) throws IOException {
        String n = c.getName();
        try (InputStream in = c.getResourceAsStream(n.substring(n.lastIndexOf('.') + 1) + ".class")) {
            return in.readAllBytes();
        }
    }

    static byte[] withDepthParameters(byte[] classfile, String... members) {
        ClassShape shape = ShapeReader.read(classfile);
        Map<String, DepthPlan> plans = new HashMap<>();
        for (String m : members) {
            plans.put(m, new DepthPlan(1, 120, 63, 150));
        }
        ClassWriter w = new ClassWriter(0);
        new ClassReader(classfile).accept(new DepthParameter(w, shape, plans), ClassReader.EXPAND_FRAMES);
        return w.toByteArray();
    }

    static byte[] withCounting(byte[] classfile, String... methods) {
        Map<String, MethodPlan> plans = new HashMap<>();
        for (String m : methods) {
            plans.put(m, new MethodPlan(2, 150, -1));
        }
        return CountingWeaver.weave(classfile, plans, null).bytes;
    }

    /** Runs {@code work} on a fresh thread with a small stack and returns the thread's state afterwards. */
    static ThreadStackState onThread(long stackBytes, ThrowingRunnable work, AtomicReference<Throwable> thrown)
            throws InterruptedException {
        AtomicReference<ThreadStackState> state = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                work.run();
            } catch (Throwable e) {
                thrown.set(e);
            }
            state.set(Tracker.current());
        }, "rewriting-test", stackBytes);
        t.start();
        t.join();
        return state.get();
    }

    interface ThrowingRunnable {
        void run() throws Throwable;
    }

    @Test
    void aStaticSelfRecursionWithItsDepthInAParameterComputesTheSameAndHidesItsOverload() throws Exception {
        String name = "io.stackwatch.agent.instrument.fixtures.SelfRecursive";
        byte[] rewritten = withDepthParameters(classFile(Class.forName(name)), "depth(I)I");
        Class<?> c = new Isolated(Map.of(name, rewritten)).loadClass(name);
        Method depth = c.getMethod("depth", int.class);
        assertThat(depth.invoke(null, 5000)).isEqualTo(5000);

        Method overload = c.getDeclaredMethod("depth", int.class, int.class);
        assertThat(Modifier.isPrivate(overload.getModifiers())).isTrue();
        assertThat(overload.isSynthetic()).isTrue();
        assertThat(Modifier.isPublic(depth.getModifiers()) && Modifier.isStatic(depth.getModifiers())).isTrue();
    }

    @Test
    void theEntryCountsOneFrameWhateverTheCycleDidAndAnOverflowLeavesTheCountAtZero() throws Exception {
        String name = "io.stackwatch.agent.instrument.fixtures.SelfRecursive";
        byte[] rewritten = withDepthParameters(classFile(Class.forName(name)), "depth(I)I");
        Method depth = new Isolated(Map.of(name, rewritten)).loadClass(name).getMethod("depth", int.class);

        AtomicReference<Throwable> thrown = new AtomicReference<>();
        ThreadStackState after = onThread(256 * 1024, () -> depth.invoke(null, 10_000_000), thrown);
        assertThat(thrown.get()).isInstanceOf(InvocationTargetException.class);
        assertThat(thrown.get().getCause()).isInstanceOf(StackOverflowError.class);
        assertThat(after.depth()).isZero();
        assertThat(after.overflows()).isEqualTo(1);
        assertThat(after.peakDepth()).as("checkpoints saw the depth travel in the parameter").isGreaterThan(64);
    }

    @Test
    void countedMutualRecursionComputesTheSameAndBalancesItsCountOnReturnAndOnException() throws Exception {
        String name = MutualRecursion.class.getName();
        byte[] counted = withCounting(classFile(MutualRecursion.class), "isEven(I)Z");
        Class<?> c = new Isolated(Map.of(name, counted)).loadClass(name);
        Object o = c.getConstructor().newInstance();
        Method isEven = c.getMethod("isEven", int.class);

        AtomicReference<Throwable> thrown = new AtomicReference<>();
        ThreadStackState after = onThread(1024 * 1024, () -> {
            assertThat(isEven.invoke(o, 1000)).isEqualTo(true);
            assertThat(isEven.invoke(o, 999)).isEqualTo(false);
        }, thrown);
        assertThat(thrown.get()).isNull();
        assertThat(after.depth()).isZero();

        ThreadStackState overflowed = onThread(256 * 1024, () -> isEven.invoke(o, 50_000_000), thrown);
        assertThat(thrown.get().getCause()).isInstanceOf(StackOverflowError.class);
        assertThat(overflowed.depth()).isZero();
        assertThat(overflowed.overflows()).isEqualTo(1);
    }
}
