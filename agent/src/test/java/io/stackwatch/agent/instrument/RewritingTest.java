package io.stackwatch.agent.instrument;

import io.stackwatch.agent.classfile.ClassShape;
import io.stackwatch.agent.classfile.ShapeReader;
import io.stackwatch.agent.instrument.fixtures.MutualRecursion;
import io.stackwatch.core.tracking.ThreadStackState;
import io.stackwatch.core.tracking.Tracker;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
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

    /**
     * A class file of Java 1.4 (no stack map frames, as xstream 1.4 and other old jars ship), in
     * javac 1.4's shapes: {@code int walk(int n)} returns {@code n <= 0 ? 0 : walk(n - 1) + 1} (a
     * return reached by a {@code goto} over the other branch), and {@code int loop(int n)} sums
     * {@code walk(i)} over {@code i < n} with the loop's condition at the bottom (its head is reached
     * first by a {@code goto} down to the condition, then by the jump back up).
     */
    static byte[] java14Shapes(String internalName) {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        w.visit(Opcodes.V1_4, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, internalName, null, "java/lang/Object", null);
        MethodVisitor init = w.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        MethodVisitor walk = w.visitMethod(Opcodes.ACC_PUBLIC, "walk", "(I)I", null, null);
        walk.visitCode();
        Label recurse = new Label();
        Label done = new Label();
        walk.visitVarInsn(Opcodes.ILOAD, 1);
        walk.visitJumpInsn(Opcodes.IFGT, recurse);
        walk.visitInsn(Opcodes.ICONST_0);
        walk.visitJumpInsn(Opcodes.GOTO, done);
        walk.visitLabel(recurse);
        walk.visitVarInsn(Opcodes.ALOAD, 0);
        walk.visitVarInsn(Opcodes.ILOAD, 1);
        walk.visitInsn(Opcodes.ICONST_1);
        walk.visitInsn(Opcodes.ISUB);
        walk.visitMethodInsn(Opcodes.INVOKEVIRTUAL, internalName, "walk", "(I)I", false);
        walk.visitInsn(Opcodes.ICONST_1);
        walk.visitInsn(Opcodes.IADD);
        walk.visitLabel(done);
        walk.visitInsn(Opcodes.IRETURN);
        walk.visitMaxs(0, 0);
        walk.visitEnd();

        MethodVisitor loop = w.visitMethod(Opcodes.ACC_PUBLIC, "loop", "(I)I", null, null);
        loop.visitCode();
        Label head = new Label();
        Label condition = new Label();
        loop.visitInsn(Opcodes.ICONST_0);
        loop.visitVarInsn(Opcodes.ISTORE, 2);
        loop.visitInsn(Opcodes.ICONST_0);
        loop.visitVarInsn(Opcodes.ISTORE, 3);
        loop.visitJumpInsn(Opcodes.GOTO, condition);
        loop.visitLabel(head);
        loop.visitVarInsn(Opcodes.ILOAD, 2);
        loop.visitVarInsn(Opcodes.ALOAD, 0);
        loop.visitVarInsn(Opcodes.ILOAD, 3);
        loop.visitMethodInsn(Opcodes.INVOKEVIRTUAL, internalName, "walk", "(I)I", false);
        loop.visitInsn(Opcodes.IADD);
        loop.visitVarInsn(Opcodes.ISTORE, 2);
        loop.visitIincInsn(3, 1);
        loop.visitLabel(condition);
        loop.visitVarInsn(Opcodes.ILOAD, 3);
        loop.visitVarInsn(Opcodes.ILOAD, 1);
        loop.visitJumpInsn(Opcodes.IF_ICMPLT, head);
        loop.visitVarInsn(Opcodes.ILOAD, 2);
        loop.visitInsn(Opcodes.IRETURN);
        loop.visitMaxs(0, 0);
        loop.visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }

    @Test
    void aClassFileWithoutStackMapFramesGetsItsCountingCodeAndStillComputesTheSame() throws Exception {
        String name = "io.stackwatch.agent.instrument.fixtures.Java14Shapes";
        byte[] plain = java14Shapes(name.replace('.', '/'));
        Map<String, MethodPlan> plans = new HashMap<>();
        plans.put("walk(I)I", new MethodPlan(2, 150, -1));
        plans.put("loop(I)I", new MethodPlan(3, 150, -1));
        CountingWeaver.Result r = CountingWeaver.weave(plain, plans, null);
        assertThat(r.skipped).as("methods left without counting code").isEmpty();
        assertThat(r.bytes).isNotNull();

        Class<?> c = new Isolated(Map.of(name, r.bytes)).loadClass(name);
        Object o = c.getConstructor().newInstance();
        Method walk = c.getMethod("walk", int.class);
        Method loop = c.getMethod("loop", int.class);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        ThreadStackState after = onThread(1024 * 1024, () -> {
            assertThat(walk.invoke(o, 500)).isEqualTo(500);
            assertThat(loop.invoke(o, 10)).isEqualTo(45);
        }, thrown);
        assertThat(thrown.get()).isNull();
        assertThat(after.depth()).isZero();
        assertThat(after.peakDepth()).as("the cold path saw the walk go deep").isGreaterThan(64);
    }
}
