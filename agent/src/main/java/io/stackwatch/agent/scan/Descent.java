package io.stackwatch.agent.scan;



/**
 * Whether a cycle walks down a structure already in memory: some call along it passes on part of a
 * parameter where the callee expects that parameter's type ({@code walk(node.left)},
 * {@code resolve(type.getGenericSuperclass())}). Such recursion is as deep as the structure, which
 * the program built; a cycle that carries the same reader round and round ({@code deserialize(p)}
 * ⇄ {@code mapArray(p)}) is as deep as its input, which someone else wrote.
 */
final class Descent {

    private Descent() {
    }

    static boolean descends(CallGraph graph, int[] cycle) {
        for (int i = 0; i < cycle.length; i++) {
            int u = cycle[i];
            int next = cycle[(i + 1) % cycle.length];
            DepthFacts f = graph.facts[u];
            if (f == null) {
                continue;
            }
            for (int call : f.descendingCalls) {
                int[] t = graph.targetsOf(u, call);
                if (t != null) {
                    for (int v : t) {
                        if (v == next) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }
}
