package io.stackwatch.agent.graph;

import io.stackwatch.agent.classfile.ClassShape;
import io.stackwatch.agent.classfile.MethodRef;
import io.stackwatch.agent.classfile.ShapeReader;
import io.stackwatch.agent.instrument.fixtures.FieldLoopCycle;
import io.stackwatch.agent.instrument.fixtures.MutualRecursion;
import io.stackwatch.agent.instrument.fixtures.NoRecursion;
import io.stackwatch.agent.instrument.fixtures.SelfRecursive;
import io.stackwatch.agent.scan.fixtures.shapes.Dot;
import io.stackwatch.agent.scan.fixtures.shapes.Group;
import io.stackwatch.agent.scan.fixtures.shapes.Shape;
import io.stackwatch.agent.scan.fixtures.visitors.Counter;
import io.stackwatch.agent.scan.fixtures.visitors.ShapeVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LiveCallGraphTest {

    private static final LiveCallGraph.Scope NOT_THE_JDK = name -> !name.startsWith("java/");

    static ClassShape shapeOf(Class<?> c) throws IOException {
        String n = c.getName();
        try (InputStream in = c.getResourceAsStream(n.substring(n.lastIndexOf('.') + 1) + ".class")) {
            return ShapeReader.read(in.readAllBytes());
        }
    }

    private static List<String> names(List<LiveCallGraph.Counter> counters) {
        List<String> out = new ArrayList<>();
        for (LiveCallGraph.Counter c : counters) {
            out.add(c.method().qualifiedName());
        }
        return out;
    }

    @Test
    void aSelfRecursiveMethodIsCountedWhenItsClassLoads() throws IOException {
        LiveCallGraph g = new LiveCallGraph(NOT_THE_JDK);
        List<LiveCallGraph.Counter> counters = g.add(shapeOf(SelfRecursive.class), Set.of());
        assertThat(names(counters)).containsExactly(SelfRecursive.class.getName() + "#depth");
        assertThat(counters.get(0).inAddedClass()).isTrue();
        assertThat(g.add(shapeOf(NoRecursion.class), Set.of())).isEmpty();
    }

    @Test
    void aCycleInsideOneClassIsCountedAsItLoadsEvenWhileTheOrderWaitsForTheCatchUp() throws IOException {
        // A parser class loaded during a start-up burst and handed hostile input at once: its own
        // cycle must be counted as it loads, not a moment later by the catch-up's retransformation.
        LiveCallGraph g = new LiveCallGraph(NOT_THE_JDK, 0);
        for (Class<?> c : List.of(Counter.class, ShapeVisitor.class, Dot.class, Group.class, Shape.class)) {
            g.add(shapeOf(c), Set.of());
        }
        assertThat(g.needsCatchUp()).as("the searches ran out of budget").isTrue();
        List<LiveCallGraph.Counter> counters = g.add(shapeOf(MutualRecursion.class), Set.of());
        assertThat(counters).hasSize(1);
        assertThat(counters.get(0).inAddedClass()).isTrue();
        assertThat(names(g.add(shapeOf(SelfRecursive.class), Set.of())))
                .containsExactly(SelfRecursive.class.getName() + "#depth");
        // The cross-class cycle was found as its last class loaded, among that class's callers.
        assertThat(g.catchUp()).isEmpty();
    }

    @Test
    void aCycleAcrossClassesClosedByAClassThatLoadsLateIsCountedInThatClassAsItLoadsWhileTheOrderWaits()
            throws IOException {
        // No search budget at all: every reordering gives up, and only the search among the callers of
        // the class being added can see the visitor cycle before the catch-up.
        LiveCallGraph g = new LiveCallGraph(NOT_THE_JDK, 0);
        List<LiveCallGraph.Counter> counters = new ArrayList<>();
        for (Class<?> c : List.of(Shape.class, ShapeVisitor.class, Dot.class, Counter.class, Group.class)) {
            List<LiveCallGraph.Counter> now = g.add(shapeOf(c), Set.of());
            assertThat(now).allMatch(LiveCallGraph.Counter::inAddedClass);
            counters.addAll(now);
        }
        assertThat(g.needsCatchUp()).isTrue();
        assertThat(names(counters)).hasSize(1).allMatch(n -> n.endsWith("#visitGroup") || n.endsWith("#accept"));
        assertThat(g.catchUp()).as("the catch-up counts nothing more").isEmpty();
    }

    @Test
    void oneMethodOfAMutualRecursionIsCounted() throws IOException {
        LiveCallGraph g = new LiveCallGraph(NOT_THE_JDK);
        List<LiveCallGraph.Counter> counters = g.add(shapeOf(MutualRecursion.class), Set.of());
        assertThat(counters).hasSize(1);
        assertThat(counters.get(0).roundBytes()).isGreaterThan(200);
    }

    @Test
    void theMethodThatLoopsOverChildrenIsCountedRatherThanTheOneCalledPerChild() throws IOException {
        LiveCallGraph g = new LiveCallGraph(NOT_THE_JDK);
        List<LiveCallGraph.Counter> counters = g.add(shapeOf(FieldLoopCycle.class), Set.of());
        assertThat(names(counters)).containsExactly(FieldLoopCycle.class.getName() + "#readObject");
    }

    @Test
    void aVisitorCycleAcrossTwoPackagesThroughInterfacesIsFoundInEveryLoadOrder() throws IOException {
        List<ClassShape> all = List.of(shapeOf(Shape.class), shapeOf(Group.class), shapeOf(Dot.class),
                shapeOf(ShapeVisitor.class), shapeOf(Counter.class));
        Random random = new Random(7);
        for (int round = 0; round < 30; round++) {
            List<ClassShape> order = new ArrayList<>(all);
            Collections.shuffle(order, random);
            LiveCallGraph g = new LiveCallGraph(NOT_THE_JDK);
            List<LiveCallGraph.Counter> counters = new ArrayList<>();
            for (ClassShape c : order) {
                List<LiveCallGraph.Counter> now = g.add(c, Set.of());
                for (LiveCallGraph.Counter k : now) {
                    // What a class's loading closes is counted in that class when it can be.
                    assertThat(k.inAddedClass()).as("order %s: %s", order, k).isTrue();
                }
                counters.addAll(now);
            }
            assertThat(counters).as("order %s", order).hasSize(1);
            assertThat(counters.get(0).method().name()).isIn("visitGroup", "accept");
            assertThat(g.onCycle(new MethodRef(Counter.class.getName().replace('.', '/'), "visitGroup",
                    "(L" + Group.class.getName().replace('.', '/') + ";)I"))).isTrue();
        }
    }

    // ------------------------------------------------------------------ generated graphs

    /**
     * Classes of static methods calling each other at random, added in a random order: afterwards the
     * methods on cycles are exactly those Tarjan's algorithm finds in the whole graph, and every cycle
     * passes through a counted method (the graph without the counted methods has no cycle).
     */
    @Property(tries = 120)
    void everyCycleOfARandomProgramIsFoundAndCountedWhateverTheLoadOrder(
            @ForAll @IntRange(min = 1, max = 12) int classCount, @ForAll @IntRange(min = 1, max = 6) int methodsPerClass,
            @ForAll @IntRange(min = 0, max = 40) int calls, @ForAll long seed, @ForAll boolean tinySearchBudget) {
        Random random = new Random(seed);
        int n = classCount * methodsPerClass;
        List<List<Integer>> callees = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            callees.add(new ArrayList<>());
        }
        for (int k = 0; k < calls; k++) {
            callees.get(random.nextInt(n)).add(random.nextInt(n));
        }
        List<ClassShape> classes = new ArrayList<>();
        for (int c = 0; c < classCount; c++) {
            classes.add(ShapeReader.read(generate(c, methodsPerClass, callees)));
        }
        Collections.shuffle(classes, random);
        // A tiny budget leaves most edges to the catch-up's full pass over the graph: both must agree.
        LiveCallGraph g = tinySearchBudget ? new LiveCallGraph(NOT_THE_JDK, 2) : new LiveCallGraph(NOT_THE_JDK);
        Set<Integer> counted = new HashSet<>();
        for (ClassShape c : classes) {
            for (LiveCallGraph.Counter k : g.add(c, Set.of())) {
                counted.add(methodIndex(k.method(), methodsPerClass));
            }
            if (!g.needsCatchUp()) {
                g.checkOrder();
            }
        }
        // What the searches left unchecked, counted by the catch-up (on the retransforming thread in the agent).
        for (LiveCallGraph.Counter k : g.catchUp()) {
            counted.add(methodIndex(k.method(), methodsPerClass));
        }
        g.checkOrder();
        int[][] edges = new int[n][];
        for (int i = 0; i < n; i++) {
            edges[i] = callees.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        int[] comp = StronglyConnected.components(edges);
        int[] size = new int[n];
        for (int cId : comp) {
            size[cId]++;
        }
        for (int i = 0; i < n; i++) {
            boolean cyclic = size[comp[i]] > 1 || callees.get(i).contains(i);
            assertThat(g.onCycle(ref(i, methodsPerClass))).as("method %d", i).isEqualTo(cyclic);
            assertThat(g.counted(ref(i, methodsPerClass))).isEqualTo(counted.contains(i));
        }
        // Without the counted methods, no cycle is left.
        int[][] rest = new int[n][];
        for (int i = 0; i < n; i++) {
            final int from = i;
            rest[i] = counted.contains(i) ? new int[0]
                    : callees.get(i).stream().filter(t -> !counted.contains(t) && t != from).mapToInt(Integer::intValue).toArray();
            assertThat(counted.contains(i) || !callees.get(i).contains(i)).as("a self-call of %d is counted", i).isTrue();
        }
        int[] restComp = StronglyConnected.components(rest);
        int[] restSize = new int[n];
        for (int cId : restComp) {
            restSize[cId]++;
        }
        for (int i = 0; i < n; i++) {
            assertThat(restSize[restComp[i]]).as("an uncounted cycle through %d", i).isEqualTo(1);
        }
    }

    private static String className(int c) {
        return "gen/C" + c;
    }

    private static MethodRef ref(int method, int perClass) {
        return new MethodRef(className(method / perClass), "m" + (method % perClass), "()V");
    }

    private static int methodIndex(MethodRef m, int perClass) {
        int c = Integer.parseInt(m.owner().substring("gen/C".length()));
        return c * perClass + Integer.parseInt(m.name().substring(1));
    }

    private static byte[] generate(int c, int perClass, List<List<Integer>> callees) {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, className(c), null, "java/lang/Object", null);
        for (int m = 0; m < perClass; m++) {
            MethodVisitor mv = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "m" + m, "()V", null, null);
            mv.visitCode();
            for (int target : callees.get(c * perClass + m)) {
                mv.visitMethodInsn(Opcodes.INVOKESTATIC, className(target / perClass), "m" + (target % perClass), "()V", false);
            }
            mv.visitInsn(Opcodes.RETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        }
        w.visitEnd();
        return w.toByteArray();
    }
}
