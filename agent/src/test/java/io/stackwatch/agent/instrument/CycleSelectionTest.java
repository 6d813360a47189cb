package io.stackwatch.agent.instrument;

import io.stackwatch.agent.config.AgentConfig;
import io.stackwatch.agent.config.ConfigLoader;
import io.stackwatch.agent.graph.StronglyConnected;

import io.stackwatch.agent.classfile.ClassShape;
import io.stackwatch.agent.classfile.FrameCost;
import io.stackwatch.agent.classfile.MethodShape;
import io.stackwatch.agent.instrument.fixtures.FieldLoopCycle;
import io.stackwatch.agent.instrument.fixtures.LambdaRecursion;
import io.stackwatch.agent.instrument.fixtures.MutualRecursion;
import io.stackwatch.agent.instrument.fixtures.NoRecursion;
import io.stackwatch.agent.instrument.fixtures.Outer;
import io.stackwatch.agent.instrument.fixtures.SelfRecursive;
import io.stackwatch.agent.instrument.fixtures.SuperCall;
import io.stackwatch.agent.instrument.fixtures.VisitorCycle;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which methods the default selection finds on a cycle and how it counts them, with each class of a
 * nest added to the live graph as the JVM would load it (in several orders).
 */
class CycleSelectionTest {

    private static final String PKG = "io/stackwatch/agent/instrument/fixtures/";

    private final List<String> retransformed = new java.util.ArrayList<>();

    private ClassShape shapeOf(Class<?> type) throws IOException {
        return shapeOf(type.getName().replace('.', '/'));
    }

    private ClassShape shapeOf(String internalName) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/" + internalName + ".class")) {
            assertThat(in).as("class file of %s", internalName).isNotNull();
            return ClassShape.read(in.readAllBytes());
        }
    }

    /** The class and its nest, host first, in the order its nest lists them; or reversed. */
    private List<ClassShape> nest(Class<?> type, boolean reversed) throws IOException {
        ClassShape first = shapeOf(type);
        String host = first.nestHost() != null ? first.nestHost() : first.name();
        ClassShape hostShape = shapeOf(host);
        List<ClassShape> all = new java.util.ArrayList<>();
        all.add(hostShape);
        for (String m : hostShape.nestMembers()) {
            all.add(shapeOf(m));
        }
        if (reversed) {
            java.util.Collections.reverse(all);
        }
        return all;
    }

    private Planner plannerWithNest(Class<?> type, boolean reversed) throws IOException {
        AgentConfig config = ConfigLoader.load("", java.util.Map.of(), java.util.Map.of(), io.stackwatch.agent.scan.ScanFile.READER, line -> { });
        // The fixtures live in the agent's own package, which the agent never instruments: a scope of
        // everything outside the JDK stands in for the default selection.
        Planner planner = new Planner(config, name -> !name.startsWith("java/"), new Planner.Requests() {
            @Override
            public void request(String name, ClassLoader loader) {
                retransformed.add(name);
            }

            @Override
            public void catchUpSoon(Runnable catchUp) {
                catchUp.run();
            }
        });
        for (ClassShape c : nest(type, reversed)) {
            planner.planLoad(c, getClass().getClassLoader(), true);
        }
        return planner;
    }

    /** The keys of the nest's methods on a cycle, the same whichever way round the nest loads. */
    private Set<String> recursive(Class<?> type) throws IOException {
        Set<String> forward = recursive(type, false);
        assertThat(recursive(type, true)).as("loaded the other way round").isEqualTo(forward);
        return forward;
    }

    private Set<String> recursive(Class<?> type, boolean reversed) throws IOException {
        Planner planner = plannerWithNest(type, reversed);
        Set<String> out = new HashSet<>();
        for (ClassShape c : nest(type, false)) {
            for (MethodShape m : c.methods()) {
                if (planner.graph().onCycle(m.ref())) {
                    out.add(m.key());
                }
            }
        }
        return out;
    }

    /** The methods counted with counting code, by key, with their round's bytes. */
    private Map<String, Integer> counted(Class<?> type) throws IOException {
        Planner planner = plannerWithNest(type, false);
        Map<String, Integer> out = new HashMap<>();
        for (ClassShape c : nest(type, false)) {
            for (Map.Entry<String, MethodPlan> e : planner.counted(c.name()).entrySet()) {
                out.put(c.name() + "." + e.getKey(), e.getValue().frameBytes);
            }
        }
        return out;
    }

    /** The methods given a depth parameter, by key. */
    private Set<String> rewritten(Class<?> type) throws IOException {
        Planner planner = plannerWithNest(type, false);
        Set<String> out = new HashSet<>();
        for (ClassShape c : nest(type, false)) {
            ClassPlan plan = planner.plan(c.name());
            if (plan != null) {
                for (String sig : plan.rewritten.keySet()) {
                    out.add(c.name() + "." + sig);
                }
            }
        }
        return out;
    }

    private int frameBytes(String key, boolean instrumented) throws IOException {
        MethodShape m = shapeOf(key.substring(0, key.indexOf('.'))).methods().stream()
                .filter(s -> s.key().equals(key)).findFirst().orElseThrow();
        return instrumented ? FrameCost.counted(m) : FrameCost.interpreted(m);
    }

    /** The key of the one method of {@code owner} whose name starts with {@code prefix} and has this descriptor. */
    private String keyOf(String owner, String prefix, String descriptor) throws IOException {
        List<String> keys = shapeOf(owner).methods().stream()
                .filter(m -> m.name().startsWith(prefix) && m.descriptor().equals(descriptor))
                .map(MethodShape::key)
                .collect(Collectors.toList());
        assertThat(keys).as("methods %s* %s in %s", prefix, descriptor, owner).hasSize(1);
        return keys.get(0);
    }

    @Test
    void aSelfRecursiveMethodIsSelectedAndItsNonRecursiveNeighboursAreNot() throws IOException {
        assertThat(recursive(SelfRecursive.class)).containsExactly(PKG + "SelfRecursive.depth(I)I");
    }

    @Test
    void twoMethodsCallingEachOtherAreBothSelectedButTheirCallerAndAnOverloadAreNot() throws IOException {
        assertThat(recursive(MutualRecursion.class)).containsExactlyInAnyOrder(
                PKG + "MutualRecursion.isEven(I)Z",
                PKG + "MutualRecursion.isOdd(I)Z");
    }

    @Test
    void recursionThroughALambdaSelectsTheMethodAndTheLambdaBody() throws IOException {
        String owner = PKG + "LambdaRecursion";
        String node = "L" + owner + "$Node;";
        String walk = owner + ".walk(" + node + ")V";
        String walkLambda = keyOf(owner, "lambda$walk$", "(" + node + ")V");
        String walkRef = owner + ".walkRef(" + node + ")V";

        assertThat(recursive(LambdaRecursion.class)).containsExactlyInAnyOrder(walk, walkLambda, walkRef);
    }

    @Test
    void aCycleAcrossANestedClassAndItsOuterClassIsFoundFromEitherClass() throws IOException {
        String outer = PKG + "Outer";
        String node = "L" + outer + "$Node;";
        Set<String> expected = Set.of(
                outer + ".visit(" + node + ")I",
                outer + "$Inner.accept(L" + outer + ";" + node + ")I");

        assertThat(recursive(Outer.class)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aVisitorCycleThroughAnAbstractMethodOverriddenByANestedSubclassIsFound() throws IOException {
        String host = PKG + "VisitorCycle";
        String visitor = "L" + host + "$Visitor;";
        Set<String> expected = Set.of(
                host + "$Visitor.visitGroup(L" + host + "$Group;)I",
                host + "$Group.accept(" + visitor + ")I");

        assertThat(withoutConstructors(recursive(VisitorCycle.class))).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static Set<String> withoutConstructors(Set<String> keys) {
        return keys.stream().filter(k -> !k.contains(".<init>(") && !k.contains(".<clinit>(")).collect(Collectors.toSet());
    }

    @Test
    void constructorsOfSiblingSubclassesAreNotACycle() throws IOException {
        assertThat(recursive(VisitorCycle.class)).noneMatch(k -> k.contains(".<init>("));
    }

    @Test
    void aStaticSelfRecursionCarriesItsDepthInAParameterAndGetsNoCountingCode() throws IOException {
        String depth = PKG + "SelfRecursive.depth(I)I";
        assertThat(rewritten(SelfRecursive.class)).containsExactly(depth);
        assertThat(counted(SelfRecursive.class)).isEmpty();
    }

    @Test
    void publicInstanceMethodsOfAClassOthersMayExtendAreCountedNotRewritten() throws IOException {
        assertThat(rewritten(MutualRecursion.class)).isEmpty();
        assertThat(counted(MutualRecursion.class)).hasSize(1);
    }

    @Test
    void ofTwoMethodsCallingEachOtherOneIsCountedAndChargedBothFrames() throws IOException {
        String even = PKG + "MutualRecursion.isEven(I)Z";
        String odd = PKG + "MutualRecursion.isOdd(I)Z";
        Map<String, Integer> counted = counted(MutualRecursion.class);

        assertThat(counted).hasSize(1);
        String chosen = counted.keySet().iterator().next();
        String other = chosen.equals(even) ? odd : even;
        assertThat(counted.get(chosen)).isEqualTo(frameBytes(chosen, true) + frameBytes(other, false));
    }

    @Test
    void aDeserializerCycleIsCountedAtTheObjectReaderNotAtTheFieldReaderCalledInItsLoop() throws IOException {
        String owner = PKG + "FieldLoopCycle";
        String readObject = owner + ".readObject(Ljava/lang/Object;)I";
        String readField = owner + ".readField(Ljava/lang/Object;)I";
        String readValue = owner + ".readValue(Ljava/lang/Object;)I";

        assertThat(recursive(FieldLoopCycle.class)).containsExactlyInAnyOrder(readObject, readField, readValue);
        assertThat(counted(FieldLoopCycle.class)).containsExactly(Map.entry(readObject,
                frameBytes(readObject, true) + frameBytes(readField, false) + frameBytes(readValue, false)));
    }

    @Test
    void aSuperCallToTheOverriddenMethodIsNotRecursion() throws IOException {
        assertThat(recursive(SuperCall.class)).isEmpty();
    }

    @Test
    void aClassWithoutCyclesHasNoRecursiveMethods() throws IOException {
        assertThat(recursive(NoRecursion.class)).isEmpty();
    }

    // ------------------------------------------------------------------ stronglyConnected

    private static int[][] graph(int n, int[]... edges) {
        List<List<Integer>> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new java.util.ArrayList<>());
        }
        for (int[] e : edges) {
            out.get(e[0]).add(e[1]);
        }
        int[][] g = new int[n][];
        for (int i = 0; i < n; i++) {
            g[i] = out.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        return g;
    }

    @Test
    void anEmptyGraphHasNoComponents() {
        assertThat(StronglyConnected.components(new int[0][])).isEmpty();
    }

    @Test
    void nodesWithoutCyclesAreEachTheirOwnComponent() {
        int[] c = StronglyConnected.components(graph(4, new int[]{0, 1}, new int[]{1, 2}, new int[]{0, 3}, new int[]{3, 2}));
        assertThat(Arrays.stream(c).boxed().collect(Collectors.toSet())).hasSize(4);
    }

    @Test
    void aSelfLoopIsItsOwnComponent() {
        int[] c = StronglyConnected.components(graph(2, new int[]{0, 0}, new int[]{0, 1}));
        assertThat(c[0]).isNotEqualTo(c[1]);
    }

    @Test
    void aCycleIsOneComponentAndNodesHangingOffItAreNot() {
        // 3 -> 0 -> 1 -> 2 -> 0, 2 -> 4
        int[] c = StronglyConnected.components(graph(5, new int[]{3, 0}, new int[]{0, 1}, new int[]{1, 2},
                new int[]{2, 0}, new int[]{2, 4}));
        assertThat(c[0]).isEqualTo(c[1]).isEqualTo(c[2]);
        assertThat(Set.of(c[0], c[3], c[4])).hasSize(3);
    }

    @Test
    void twoCyclesJoinedOneWayStayTwoComponents() {
        // {0,1} -> {2,3}
        int[] c = StronglyConnected.components(graph(4, new int[]{0, 1}, new int[]{1, 0}, new int[]{1, 2},
                new int[]{2, 3}, new int[]{3, 2}));
        assertThat(c[0]).isEqualTo(c[1]);
        assertThat(c[2]).isEqualTo(c[3]);
        assertThat(c[0]).isNotEqualTo(c[2]);
    }

    @Test
    void nestedCyclesSharingANodeMergeIntoOneComponent() {
        // 0 -> 1 -> 0 and 1 -> 2 -> 3 -> 1, reached from a root visited late (node 4 -> 0)
        int[] c = StronglyConnected.components(graph(5, new int[]{4, 0}, new int[]{0, 1}, new int[]{1, 0},
                new int[]{1, 2}, new int[]{2, 3}, new int[]{3, 1}));
        assertThat(new HashSet<>(List.of(c[0], c[1], c[2], c[3]))).hasSize(1);
        assertThat(c[4]).isNotEqualTo(c[0]);
    }

    @Test
    void aChainOfAHundredThousandNodesNeedsNoRecursion() {
        int n = 100_000;
        int[][] chain = new int[n][];
        for (int i = 0; i < n; i++) {
            chain[i] = i + 1 < n ? new int[]{i + 1} : new int[0];
        }
        int[] c = StronglyConnected.components(chain);
        assertThat(Arrays.stream(c).distinct().count()).isEqualTo(n);
    }

    @Test
    void aCycleOfAHundredThousandNodesIsOneComponent() {
        int n = 100_000;
        int[][] ring = new int[n][];
        for (int i = 0; i < n; i++) {
            ring[i] = new int[]{(i + 1) % n};
        }
        int[] c = StronglyConnected.components(ring);
        assertThat(Arrays.stream(c).distinct().count()).isEqualTo(1);
    }

    @Test
    void aLongChainIsAnalysedOnAThreadWithATinyStack() throws InterruptedException {
        int n = 100_000;
        int[][] chain = new int[n][];
        for (int i = 0; i < n; i++) {
            chain[i] = i + 1 < n ? new int[]{i + 1} : new int[0];
        }
        Throwable[] failure = new Throwable[1];
        long[] distinct = new long[1];
        Thread t = new Thread(null, () -> {
            try {
                distinct[0] = Arrays.stream(StronglyConnected.components(chain)).distinct().count();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "tiny-stack", 128 * 1024);
        t.start();
        t.join();
        assertThat(failure[0]).isNull();
        assertThat(distinct[0]).isEqualTo(n);
    }
}
