package io.stackwatch.agent.scan;

import io.stackwatch.agent.graph.StronglyConnected;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the recursions of a call graph: its strongly connected components with a cycle, first over
 * the certain edges only (direct and monomorphic calls), then adding virtual calls with few
 * targets, then all followed calls. A component is reported at the lowest tier where it appears;
 * a larger one at a higher tier is reported again, with a cycle through one of its new edges. No
 * recursion anywhere: graphs of millions of edges are analysed on any stack.
 */
final class RecursionFinder {

    /** Components up to this many methods are one recursion; in larger ones short cycles are recursions of their own too. */
    static final int SMALL_COMPONENT = 8;
    /** The longest cycle reported on its own from inside a larger component. */
    static final int SHORT_CYCLE = 4;
    /** The longest cycle through a dispatch family reported (the family counts as one). */
    static final int FAMILY_CYCLE = 10;

    private final CallGraph graph;
    private final GuardHeuristic guards;
    private final int n;
    // BFS state over (node, used-a-tier-edge) pairs, reused across searches.
    private final int[] parent;
    private final int[] queue;
    private final int[] touched;
    private final int[] depth;
    /** Membership of the component being analysed, and each member's index in it; reset after each. */
    private final boolean[] inComponent;
    private final int[] localIndex;
    /** Fan-outs of the current tier's edges, parallel to them. */
    private byte[][] subFanout;

    private RecursionFinder(CallGraph graph) {
        this.graph = graph;
        this.guards = new GuardHeuristic(graph);
        this.n = graph.size();
        this.parent = new int[2 * n];
        this.queue = new int[2 * n];
        this.touched = new int[2 * n];
        this.depth = new int[2 * n];
        this.inComponent = new boolean[n];
        this.localIndex = new int[n];
        Arrays.fill(parent, -1);
    }

    static int tierOf(int fanout) {
        return fanout <= 1 ? Recursion.CERTAIN : fanout <= 4 ? Recursion.FEW_TARGETS
                : fanout < CallGraph.FAMILY_FANOUT ? Recursion.MANY_TARGETS : Recursion.FAMILY;
    }

    static List<Recursion> find(CallGraph graph) {
        return new RecursionFinder(graph).find();
    }

    private List<Recursion> find() {
        List<Recursion> out = new ArrayList<>();
        int[] previousSize = new int[n];
        for (int tier = Recursion.CERTAIN; tier <= Recursion.FAMILY; tier++) {
            int[][] sub = edgesUpTo(tier);
            if (sub == null) {
                continue; // no edge of this tier: the components are those of the tier below
            }
            int[] component = StronglyConnected.components(sub);
            int count = 0;
            for (int c : component) {
                count = Math.max(count, c + 1);
            }
            int[] start = new int[count + 1];
            for (int c : component) {
                start[c + 1]++;
            }
            for (int c = 0; c < count; c++) {
                start[c + 1] += start[c];
            }
            int[] byComponent = new int[n];
            int[] fill = Arrays.copyOf(start, count);
            for (int v = 0; v < n; v++) {
                byComponent[fill[component[v]]++] = v;
            }
            int[] size = new int[n];
            for (int c = 0; c < count; c++) {
                int[] members = Arrays.copyOfRange(byComponent, start[c], start[c + 1]);
                boolean cyclic = members.length > 1 || contains(sub[members[0]], members[0]);
                if (!cyclic) {
                    continue;
                }
                for (int v : members) {
                    size[v] = members.length;
                }
                if (previousSize[members[0]] == members.length) {
                    continue; // the same component as at the tier below
                }
                if (tier == Recursion.FAMILY) {
                    out.addAll(familyCycles(members, component, c, sub));
                    continue;
                }
                Recursion whole = recursion(tier, members, component, c, sub);
                whole.group = "component " + tier + ":" + c;
                out.add(whole);
                if (members.length > 1) {
                    for (Recursion inner : innerCycles(tier, members, component, c, sub, whole)) {
                        inner.group = inner.cycle.length == 1 ? "method " + inner.cycle[0] : whole.group;
                        out.add(inner);
                    }
                }
            }
            previousSize = size;
        }
        return out;
    }

    /**
     * Recursions of their own inside a component of several methods: each member that calls itself
     * (by an edge of this tier), and in a component of more than {@link #SMALL_COMPONENT} methods the
     * shortest cycle of at most {@link #SHORT_CYCLE} methods through each member. A self-recursive
     * {@code parse} inside a component of hundreds of methods is then ranked on its own, not listed
     * as one of the hundreds.
     */
    private List<Recursion> innerCycles(int tier, int[] members, int[] component, int c, int[][] sub, Recursion whole) {
        List<Recursion> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        seen.add(nodeSet(whole.cycle));
        for (int u : members) {
            int[] e = sub[u];
            for (int i = 0; i < e.length; i++) {
                if (e[i] == u && tierOf(subFanout[u][i]) == tier && seen.add(nodeSet(new int[]{u}))) {
                    out.add(cycleRecursion(tier, new int[]{u}, members.length));
                }
            }
        }
        if (members.length <= SMALL_COMPONENT) {
            return out;
        }
        for (int u : members) {
            int[] cycle = cycleThrough(u, component, c, sub, tier, null, SHORT_CYCLE);
            if (cycle != null && cycle.length > 1 && seen.add(nodeSet(cycle))) {
                out.add(cycleRecursion(tier, cycle, members.length));
            }
        }
        return out;
    }

    /**
     * The cycles of a component that a megamorphic call closes: for each family in it, each
     * implementation that leads back into the family, by the shortest way. These are reported one
     * by one (the component around them can hold thousands of methods: everything that calls
     * {@code toString()} and everything that calls). 
     */
    private List<Recursion> familyCycles(int[] members, int[] component, int c, int[][] sub) {
        List<Recursion> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        int[] next = new int[n];
        int[] dist = new int[n];
        java.util.Arrays.fill(dist, -1);
        int[] queue = new int[members.length];
        for (int f : members) {
            if (!graph.isFamily(f)) {
                continue;
            }
            // Backwards from the family: for each member, the next step of a shortest way into it.
            int head = 0;
            int tail = 0;
            queue[tail++] = f;
            dist[f] = 0;
            while (head < tail) {
                int v = queue[head++];
                if (dist[v] >= FAMILY_CYCLE - 1) {
                    continue;
                }
                // At the family tier every edge is followed: a caller's edge is in sub.
                for (int u : graph.callers[v]) {
                    if (component[u] == c && dist[u] < 0) {
                        dist[u] = dist[v] + 1;
                        next[u] = v;
                        queue[tail++] = u;
                    }
                }
            }
            // Implementations whose way back is the same (most often: straight back into the
            // family, as every Node#match calling next.match) are one recursion, counted.
            java.util.Map<String, List<Integer>> groups = new java.util.LinkedHashMap<>();
            java.util.Map<String, int[]> ways = new java.util.HashMap<>();
            for (int impl : sub[f]) {
                if (component[impl] != c || dist[impl] < 0 || impl == f) {
                    continue;
                }
                int[] way = new int[dist[impl] - 1];
                int k = 0;
                for (int v = nearestNext(impl, impl, f, dist, component, c, sub); v != f;
                     v = nearestNext(v, impl, f, dist, component, c, sub)) {
                    way[k++] = v;
                }
                String key = java.util.Arrays.toString(way);
                groups.computeIfAbsent(key, x -> new ArrayList<>()).add(impl);
                ways.put(key, way);
            }
            for (java.util.Map.Entry<String, List<Integer>> e : groups.entrySet()) {
                int[] way = ways.get(e.getKey());
                int[] impls = e.getValue().stream().mapToInt(Integer::intValue).toArray();
                int[] cycle = new int[way.length + 2];
                cycle[0] = impls[0];
                System.arraycopy(way, 0, cycle, 1, way.length);
                cycle[cycle.length - 1] = f;
                if (seen.add(nodeSet(cycle))) {
                    Recursion r = cycleRecursion(Recursion.FAMILY, cycle, members.length);
                    r.group = "family " + f;
                    for (int i = 1; i < impls.length; i++) {
                        int[] same = cycle.clone();
                        same[0] = impls[i];
                        r.fold(cycleRecursion(Recursion.FAMILY, same, members.length));
                    }
                    out.add(r);
                }
            }
            for (int i = 0; i < tail; i++) {
                dist[queue[i]] = -1;
            }
        }
        return out;
    }

    /**
     * The next step of a shortest way from {@code v} into family {@code f}: of the equally short
     * ones, one in the class of the implementation the cycle started from, else in its package, so
     * that a collection's {@code hashCode} is shown recursing through its own entries' rather than
     * through some other class's that happens to come first.
     */
    private int nearestNext(int v, int impl, int f, int[] dist, int[] component, int c, int[][] sub) {
        String owner = graph.nodes[impl].owner();
        String pkg = owner.substring(0, Math.max(0, owner.lastIndexOf('/') + 1));
        int best = -1;
        int bestScore = -1;
        for (int w : sub[v]) {
            if (component[w] != c || dist[w] != dist[v] - 1 || w == v) {
                continue;
            }
            if (w == f) {
                return f;
            }
            String o = graph.nodes[w].owner();
            int score = o.equals(owner) ? 2 : o.startsWith(pkg) && o.indexOf('/', pkg.length()) < 0 ? 1 : 0;
            if (score > bestScore) {
                best = w;
                bestScore = score;
            }
        }
        return best;
    }

    /** One elementary cycle as a recursion of its own: its members are its methods, its guard is on its own calls. */
    private Recursion cycleRecursion(int tier, int[] cycle, int componentSize) {
        int[] members = distinctOf(cycle);
        for (int v : members) {
            inComponent[v] = true;
        }
        GuardHeuristic.Guards g = guards.guards(members, inComponent);
        for (int v : members) {
            inComponent[v] = false;
        }
        Recursion.Guard guard = null;
        for (int i = 0; i < cycle.length && guard == null; i++) {
            guard = g.evidence(cycle[i], cycle[(i + 1) % cycle.length]);
        }
        Recursion r = new Recursion(tier, cycle, members, externalCallers(cycle, members));
        r.maxFanout = maxFanout(cycle);
        r.guard = guard;
        r.partOf = componentSize;
        return r;
    }

    /**
     * One component as a recursion. Its cycle is an unguarded one when there is any (through the
     * entry if possible): the component is guarded only when every cycle passes a guard call.
     */
    private Recursion recursion(int tier, int[] members, int[] component, int c, int[][] sub) {
        for (int v : members) {
            inComponent[v] = true;
        }
        GuardHeuristic.Guards g = guards.guards(members, inComponent);
        for (int v : members) {
            inComponent[v] = false;
        }
        int entry = entry(members, component, c);
        int[] cycle = g.isEmpty() ? cycleThrough(entry, component, c, sub, tier, null)
                : cycleThrough(entry, component, c, sub, tier, g);
        if (cycle == null) {
            int other = unguardedStart(members, component, c, sub, tier, g);
            if (other >= 0) {
                cycle = cycleThrough(other, component, c, sub, tier, g);
            }
        }
        Recursion.Guard guard = null;
        if (cycle == null) {
            cycle = cycleThrough(entry, component, c, sub, tier, null);
            for (int i = 0; i < cycle.length && guard == null; i++) {
                guard = g.evidence(cycle[i], cycle[(i + 1) % cycle.length]);
            }
        }
        Recursion r = new Recursion(tier, cycle, members, externalCallers(cycle[0], component, c));
        r.maxFanout = maxFanout(cycle);
        r.guard = guard;
        return r;
    }

    /**
     * A member on an unguarded cycle that takes an edge of the tier, or -1: the components of what is
     * left without the guard calls, the first cyclic one with such an edge, its most-called member.
     */
    private int unguardedStart(int[] members, int[] component, int c, int[][] sub, int tier, GuardHeuristic.Guards g) {
        int[] local = localIndex;
        for (int i = 0; i < members.length; i++) {
            local[members[i]] = i;
        }
        int[][] rest = new int[members.length][];
        for (int i = 0; i < members.length; i++) {
            int u = members[i];
            int[] e = sub[u];
            int[] keep = new int[e.length];
            int k = 0;
            for (int v : e) {
                if (component[v] == c && !g.guarded(u, v)) {
                    keep[k++] = local[v];
                }
            }
            rest[i] = Arrays.copyOf(keep, k);
        }
        int[] parts = StronglyConnected.components(rest);
        int[] sizes = new int[members.length];
        for (int p : parts) {
            sizes[p]++;
        }
        int best = -1;
        int bestCallers = -1;
        for (int i = 0; i < members.length; i++) {
            int u = members[i];
            boolean cyclic = false;
            boolean tierEdge = tier == Recursion.CERTAIN;
            for (int j = 0; j < sub[u].length; j++) {
                int v = sub[u][j];
                if (component[v] == c && !g.guarded(u, v) && parts[local[v]] == parts[i] && (sizes[parts[i]] > 1 || v == u)) {
                    cyclic = true;
                    tierEdge |= tierOf(subFanout[u][j]) == tier;
                }
            }
            if (cyclic && tierEdge) {
                int callers = graph.callers[u].length;
                if (callers > bestCallers) {
                    best = u;
                    bestCallers = callers;
                }
            }
        }
        return best;
    }

    /** Edges whose fan-out is within the tier; null when the tier adds none to the one below. */
    private int[][] edgesUpTo(int tier) {
        int[][] sub = new int[n][];
        byte[][] subFan = new byte[n][];
        boolean added = tier == Recursion.CERTAIN;
        int[] buffer = new int[16];
        byte[] fans = new byte[16];
        for (int u = 0; u < n; u++) {
            int[] e = graph.edges[u];
            byte[] f = graph.fanout[u];
            int k = 0;
            if (buffer.length < e.length) {
                buffer = new int[e.length];
                fans = new byte[e.length];
            }
            for (int i = 0; i < e.length; i++) {
                int t = tierOf(f[i]);
                if (t <= tier) {
                    fans[k] = f[i];
                    buffer[k++] = e[i];
                    added |= t == tier;
                }
            }
            sub[u] = k == e.length ? e : Arrays.copyOf(buffer, k);
            subFan[u] = k == e.length ? f : Arrays.copyOf(fans, k);
        }
        subFanout = subFan;
        return added ? sub : null;
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    /** The member most methods outside the component call; the first such on a tie. */
    private int entry(int[] members, int[] component, int c) {
        int best = members[0];
        int bestCount = -1;
        for (int v : members) {
            int outside = 0;
            for (int u : graph.callers[v]) {
                if (component[u] != c) {
                    outside++;
                }
            }
            if (outside > bestCount) {
                best = v;
                bestCount = outside;
            }
        }
        return best;
    }

    /** Distinct methods outside a cycle that call into it. */
    private int externalCallers(int[] cycle, int[] members) {
        java.util.Set<Integer> outside = new java.util.HashSet<>();
        for (int v : members) {
            for (int u : graph.callers[v]) {
                if (!contains(members, u)) {
                    outside.add(u);
                }
            }
        }
        return outside.size();
    }

    private static int[] distinctOf(int[] cycle) {
        return java.util.Arrays.stream(cycle).distinct().toArray();
    }

    /** A cycle's methods as a set, for telling cycles apart. */
    private static String nodeSet(int[] cycle) {
        int[] sorted = distinctOf(cycle);
        java.util.Arrays.sort(sorted);
        return java.util.Arrays.toString(sorted);
    }

    private int externalCallers(int entry, int[] component, int c) {
        int outside = 0;
        for (int u : graph.callers[entry]) {
            if (component[u] != c) {
                outside++;
            }
        }
        return outside;
    }

    /**
     * The shortest cycle from {@code entry} back to it within the component; above the first tier,
     * the shortest that takes at least one edge of that tier (so it shows what the tier adds). With
     * {@code skip}, one that takes no guard call; null when there is none.
     */
    private int[] cycleThrough(int entry, int[] component, int c, int[][] sub, int tier, GuardHeuristic.Guards skip) {
        return cycleThrough(entry, component, c, sub, tier, skip, Integer.MAX_VALUE);
    }

    /** As above, of at most {@code maxLength} methods. */
    private int[] cycleThrough(int entry, int[] component, int c, int[][] sub, int tier, GuardHeuristic.Guards skip,
                               int maxLength) {
        boolean needTierEdge = tier > Recursion.CERTAIN;
        int head = 0;
        int tail = 0;
        int touchedCount = 0;
        int found = -1;
        // State s = node * 2 + (tier edge used ? 1 : 0); parent[s] = previous state, entry's start state is 2n.
        int startState = entry * 2 + (needTierEdge ? 0 : 1);
        queue[tail++] = startState;
        parent[startState] = Integer.MAX_VALUE;
        depth[startState] = 0;
        touched[touchedCount++] = startState;
        search:
        while (head < tail) {
            int s = queue[head++];
            int u = s >> 1;
            boolean used = (s & 1) == 1;
            int[] e = sub[u];
            byte[] f = subFanout[u];
            for (int i = 0; i < e.length; i++) {
                int v = e[i];
                if (component[v] != c || skip != null && skip.guarded(u, v)) {
                    continue;
                }
                boolean nowUsed = used || tierOf(f[i]) == tier;
                int t = v * 2 + (nowUsed ? 1 : 0);
                if (v == entry && nowUsed) {
                    found = s;
                    break search;
                }
                if (parent[t] == -1 && depth[s] < maxLength - 1) {
                    parent[t] = s;
                    depth[t] = depth[s] + 1;
                    touched[touchedCount++] = t;
                    queue[tail++] = t;
                }
            }
        }
        int[] cycle = null;
        if (found >= 0) {
            List<Integer> path = new ArrayList<>();
            for (int s = found; s != Integer.MAX_VALUE; s = parent[s]) {
                path.add(s >> 1);
            }
            cycle = new int[path.size()];
            for (int i = 0; i < cycle.length; i++) {
                cycle[i] = path.get(cycle.length - 1 - i);
            }
        }
        for (int i = 0; i < touchedCount; i++) {
            parent[touched[i]] = -1;
        }
        return cycle;
    }

    private int maxFanout(int[] cycle) {
        int max = 0;
        for (int i = 0; i < cycle.length; i++) {
            max = Math.max(max, graph.fanout(cycle[i], cycle[(i + 1) % cycle.length]));
        }
        return max;
    }
}
