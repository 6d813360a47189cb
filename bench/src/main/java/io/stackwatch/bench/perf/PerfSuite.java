package io.stackwatch.bench.perf;

import io.stackwatch.bench.perf.depth.StackDepthProbe;
import io.stackwatch.bench.perf.libraries.LibraryParsingBenchmark;
import io.stackwatch.bench.perf.memory.MemoryProbe;
import io.stackwatch.bench.perf.recursion.RecursionOverheadBenchmark;
import io.stackwatch.bench.perf.recursion.ThreadKind;
import io.stackwatch.bench.perf.recursion.TrackedCycle;
import io.stackwatch.bench.perf.recursion.TrackedRecursion;
import io.stackwatch.bench.perf.recursion.TrackedTree;
import io.stackwatch.bench.perf.recursion.TreeWalkBenchmark;
import io.stackwatch.bench.perf.startup.ClassLoadBenchmark;
import io.stackwatch.bench.perf.startup.StartupBenchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The performance suite (docs/PERFORMANCE.md): every figure a ratio against a baseline measured in
 * the same run. {@code PerfSuite [--quick] [overhead] [libraries] [startup] [classload] [memory] [depth]}
 * (no section: all). {@code --quick} runs each part once, as briefly as it can: a smoke test, not a
 * measurement.
 */
public final class PerfSuite {

    static final String LIBRARY_PACKAGES = "com.fasterxml.jackson.**;org.yaml.snakeyaml.**;com.google.gson.**";

    private final boolean quick;
    private final PrintStream out;
    private final boolean virtual = ThreadKind.virtualAvailable();

    PerfSuite(boolean quick, PrintStream out) {
        this.quick = quick;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Set<String> sections = new LinkedHashSet<>();
        for (String a : args) {
            if (a.equals("--quick")) {
                quick = true;
            } else {
                sections.add(a);
            }
        }
        if (sections.isEmpty()) {
            sections.addAll(List.of("overhead", "libraries", "startup", "classload", "memory", "depth"));
        }
        new PerfSuite(quick, System.out).run(sections);
    }

    void run(Collection<String> sections) throws Exception {
        out.printf("stackwatch performance suite: java %s (%s), %d cpus%s%n", System.getProperty("java.version"),
                System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors(), quick ? ", quick" : "");
        for (String s : sections) {
            switch (s) {
                case "overhead": overhead(); break;
                case "libraries": libraries(); break;
                case "startup": startup(); break;
                case "classload": classLoad(); break;
                case "memory": memory(); break;
                case "depth": depth(); break;
                default: throw new IllegalArgumentException("unknown section '" + s
                        + "': overhead, libraries, startup, classload, memory, depth");
            }
        }
    }

    private ChainedOptionsBuilder jmh(Class<?> benchmark, int forks, int warmups, int iterations, String... jvmArgs) {
        return jmh(benchmark, "", forks, warmups, iterations, jvmArgs);
    }

    /** JMH options for the methods of {@code benchmark} whose names match {@code methods} (a regex; empty: all). */
    private ChainedOptionsBuilder jmh(Class<?> benchmark, String methods, int forks, int warmups, int iterations,
                                      String... jvmArgs) {
        List<String> args = new ArrayList<>(List.of(jvmArgs));
        args.add("-D" + ChildJava.AGENT_JAR + "=" + ChildJava.agentJar());
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include("^" + benchmark.getName().replace(".", "\\.") + "\\." + (methods.isEmpty() ? "" : methods + "$"))
                .jvmArgsAppend(args.toArray(new String[0]))
                .shouldFailOnError(true)
                .verbosity(quick ? VerboseMode.SILENT : VerboseMode.NORMAL);
        if (quick) {
            return b.forks(1).warmupIterations(0).measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(50));
        }
        return b.forks(forks).warmupIterations(warmups).warmupTime(TimeValue.seconds(1))
                .measurementIterations(iterations).measurementTime(TimeValue.seconds(1));
    }

    /**
     * {@link #scores}, but each the fastest of its iterations: on a machine shared with other builds
     * most of the noise only ever adds time, so the best 1-s iteration is the closest to the code's
     * own cost.
     */
    private static Map<String, Double> best(Collection<RunResult> results) {
        Map<String, Double> out = new LinkedHashMap<>();
        java.util.Iterator<String> keys = scores(results).keySet().iterator();
        for (RunResult r : results) {
            out.put(keys.next(), r.getPrimaryResult().getStatistics().getMin());
        }
        return out;
    }

    /** {@link #scores}, but each the median of its iterations (single shots). */
    private static Map<String, Double> medians(Collection<RunResult> results) {
        Map<String, Double> out = new LinkedHashMap<>();
        Map<String, Double> means = scores(results);
        java.util.Iterator<String> keys = means.keySet().iterator();
        for (RunResult r : results) {
            out.put(keys.next(), r.getPrimaryResult().getStatistics().getPercentile(50));
        }
        return out;
    }

    /** Score by benchmark method name and parameters ({@code tracked depth=100 thread=platform}). */
    private static Map<String, Double> scores(Collection<RunResult> results) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            label = label.substring(label.lastIndexOf('.') + 1);
            StringBuilder key = new StringBuilder(label);
            for (String p : r.getParams().getParamsKeys()) {
                key.append(' ').append(p).append('=').append(r.getParams().getParam(p));
            }
            out.put(key.toString(), r.getPrimaryResult().getScore());
        }
        return out;
    }

    /** The agent's include for the per-call benchmarks: the {@code Tracked*} classes and their nested classes. */
    static final String TRACKED = "include=" + TrackedRecursion.class.getPackageName() + ".Tracked*";

    void overhead() throws Exception {
        // Rounds of one fork per benchmark, so that a machine that drifts (other builds) biases no
        // benchmark; the ratio is taken within each round and every round's shown. The forks dump
        // what the agent rewrote, so that each table names the mechanism it measured.
        int rounds = quick ? 1 : 2;
        Path dump = Files.createTempDirectory("stackwatch-overhead-dump");
        List<Map<String, Double>> byRound = new ArrayList<>();
        Map<String, Mechanisms.Mechanism> mechanisms;
        try {
            String[] args = {agent(TRACKED), "-Dstackwatch.dumpDir=" + dump, "-Xss16m"};
            for (int round = 0; round < rounds; round++) {
                // Quick (CI smoke): the instrumented walks and their baselines only.
                ChainedOptionsBuilder list = jmh(RecursionOverheadBenchmark.class,
                        quick ? "(plain|tracked|cyclePlain|cycleTracked)"
                                : "(plain|tracked|depthParameter|threadLocalCounter|cyclePlain|cycleTracked)", 1, 3, 5, args)
                        .param("depth", quick ? new String[]{"100"} : new String[]{"100", "1000"})
                        .param("thread", "platform");
                ChainedOptionsBuilder tree = jmh(TreeWalkBenchmark.class,
                        quick ? "(plain|tracked)" : "", 1, 3, 5, args);
                Collection<RunResult> lists = new Runner(list.build()).run();
                Collection<RunResult> trees = new Runner(tree.build()).run();
                Map<String, Double> s = new LinkedHashMap<>();
                for (String statistic : new String[]{"mean", "best"}) {
                    Map<String, Double> l = statistic.equals("mean") ? scores(lists) : best(lists);
                    Map<String, Double> t = statistic.equals("mean") ? scores(trees) : best(trees);
                    for (Map.Entry<String, Double> e : l.entrySet()) {
                        s.put(statistic + " " + e.getKey(), e.getValue());
                    }
                    for (Map.Entry<String, Double> e : t.entrySet()) {
                        s.put(statistic + " tree " + e.getKey(), e.getValue());
                    }
                }
                byRound.add(s);
            }
            mechanisms = Mechanisms.read(dump);
        } finally {
            Mechanisms.delete(dump);
        }
        String listWalk = Mechanisms.describe(mechanisms, TrackedRecursion.class.getName() + ".walk");
        String treeWalk = Mechanisms.describe(mechanisms, TrackedTree.class.getName() + ".walk");
        String cycle = Mechanisms.describe(mechanisms, TrackedCycle.class.getName() + "$Even.walk",
                TrackedCycle.class.getName() + "$Odd.walk");
        String each = rounds == 1 ? "" : "; each ratio the mean of " + rounds + " interleaved rounds of one fork each, each round's in brackets";
        String statistics = "mean: the fork's mean, best: its fastest 1-s iteration";
        out.println();
        out.println("Per-call cost of a recursion, list walk (ns per call; ratio to the plain recursion in the same run; "
                + statistics + each + "):");
        out.println("| depth | statistic | plain ns | agent: " + listWalk + " | depth parameter | thread-local counter"
                + " | virtual cycle plain ns | virtual cycle, agent: " + cycle + " |");
        out.println("|---:|---|---:|---:|---:|---:|---:|---:|");
        for (String depth : new String[]{"100", "1000"}) {
            for (String statistic : new String[]{"mean", "best"}) {
                String p = " depth=" + depth + " thread=platform";
                String plain = statistic + " plain" + p;
                if (!byRound.get(0).containsKey(plain)) {
                    continue;
                }
                out.printf(Locale.ROOT, "| %s | %s | %.2f | %s | %s | %s | %.2f | %s |%n", depth, statistic, mean(byRound, plain),
                        ratios(byRound, statistic + " tracked" + p, plain), ratios(byRound, statistic + " depthParameter" + p, plain),
                        ratios(byRound, statistic + " threadLocalCounter" + p, plain), mean(byRound, statistic + " cyclePlain" + p),
                        ratios(byRound, statistic + " cycleTracked" + p, statistic + " cyclePlain" + p));
            }
        }
        out.println();
        out.println("Per-call cost of a recursion, binary-tree walk (" + TreeWalkBenchmark.CALLS / TreeWalkBenchmark.WALKS
                + " nodes, one call per node; ns per call; ratio to the plain walk; " + statistics + each + "):");
        out.println("| statistic | plain ns | agent: " + treeWalk + " | depth parameter, a look every 64 levels"
                + " | the same with the agent's overflow handler | thread-local counter |");
        out.println("|---|---:|---:|---:|---:|---:|");
        for (String statistic : new String[]{"mean", "best"}) {
            String plain = statistic + " tree plain";
            out.printf(Locale.ROOT, "| %s | %.2f | %s | %s | %s | %s |%n", statistic, mean(byRound, plain),
                    ratios(byRound, statistic + " tree tracked", plain), ratios(byRound, statistic + " tree depthParameter", plain),
                    ratios(byRound, statistic + " tree overflowHandler", plain), ratios(byRound, statistic + " tree threadLocalCounter", plain));
        }
    }

    private static double mean(List<Map<String, Double>> rounds, String key) {
        double sum = 0;
        for (Map<String, Double> r : rounds) {
            sum += r.get(key);
        }
        return sum / rounds.size();
    }

    /** The mean of the rounds' ratios {@code key / base}, each round's in brackets when more than one; "-" when not measured. */
    private static String ratios(List<Map<String, Double>> rounds, String key, String base) {
        if (!rounds.get(0).containsKey(key)) {
            return "-";
        }
        StringBuilder each = new StringBuilder();
        double sum = 0;
        for (Map<String, Double> r : rounds) {
            double ratio = r.get(key) / r.get(base);
            sum += ratio;
            each.append(each.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", ratio));
        }
        String mean = String.format(Locale.ROOT, "%.2fx", sum / rounds.size());
        return rounds.size() == 1 ? mean : mean + " [" + each + "]";
    }

    void libraries() throws Exception {
        // Rounds of one fork per mode, interleaved, so that a machine that drifts (other load, heat)
        // biases no mode; the ratio is taken within each round, the median of the rounds reported and
        // every round's ratio shown (one fork moves by up to a third between forks: JIT decisions and
        // where young collections land). select=all, far from any goal, runs in the first round only.
        int rounds = 5;
        String[][] modes = {{"no agent", null}, {"select=recursive", "recursive"}, {"select=all", "all"}};
        if (quick) {
            // Each library once under the agent: a smoke test of the harness, not a figure.
            modes = new String[][]{{"select=recursive", "recursive"}};
            rounds = 1;
        }
        List<Map<String, Map<String, Double>>> byRound = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            Map<String, Map<String, Double>> byMode = new LinkedHashMap<>();
            for (String[] mode : modes) {
                if (round > 0 && "all".equals(mode[1])) {
                    continue;
                }
                String[] jvmArgs = mode[1] == null ? new String[0]
                        : new String[]{agent("include=" + LIBRARY_PACKAGES + ",select=" + mode[1])};
                // Quick: one JSON and one YAML library, each a fork with the agent.
                byMode.put(mode[0], scores(new Runner(jmh(LibraryParsingBenchmark.class,
                        quick ? "(jacksonTree|snakeyamlLoad)" : "", 1, 5, 8, jvmArgs).build()).run()));
            }
            byRound.add(byMode);
        }
        if (quick) {
            out.println();
            out.println("Real libraries (quick: select=recursive only, ops/s): " + byRound.get(0).get("select=recursive"));
            return;
        }
        out.println();
        out.println("Real libraries parsing a ~100 KB document (documents per second; ratio to no agent: median of "
                + rounds + " interleaved rounds of one fork per mode, each round's ratio in brackets; select=all: first round):");
        out.println("| workload | no agent ops/s | select=recursive | select=all |");
        out.println("|---|---:|---:|---:|");
        for (String w : byRound.get(0).get("no agent").keySet()) {
            double base = 0;
            double[] ratios = new double[rounds];
            StringBuilder cells = new StringBuilder();
            for (int r = 0; r < rounds; r++) {
                double b = byRound.get(r).get("no agent").get(w);
                base += b / rounds;
                ratios[r] = byRound.get(r).get("select=recursive").get(w) / b;
                cells.append(r == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", ratios[r]));
            }
            double[] sorted = ratios.clone();
            java.util.Arrays.sort(sorted);
            double median = sorted[rounds / 2];
            double all = byRound.get(0).get("select=all").get(w) / byRound.get(0).get("no agent").get(w);
            out.printf(Locale.ROOT, "| %s | %,.0f | %.3fx [%s] | %.3fx |%n", w, base, median, cells, all);
        }
    }

    void startup() throws Exception {
        ChainedOptionsBuilder b = jmh(StartupBenchmark.class, 1, 3, 20);
        if (quick) {
            b.measurementIterations(1);
        }
        // Medians: one shot in twenty now and then takes twice as long (the machine, not the agent), and
        // a mean then moves by 20-30 ms from run to run.
        Map<String, Double> s = medians(new Runner(b.build()).run());
        double none = s.get("untilMain agent=none");
        double empty = s.get("untilMain agent=empty");
        double with = s.get("untilMain agent=default");
        out.println();
        out.println("Start-up (ms from starting the JVM until main runs, median of single shots; an agent that does nothing"
                + " shows what -javaagent itself costs):");
        out.println("| no agent | empty agent | stackwatch | added by stackwatch | of which -javaagent itself |");
        out.println("|---:|---:|---:|---:|---:|");
        out.printf(Locale.ROOT, "| %.0f | %.0f | %.0f | %+.0f ms (%.2fx) | %+.0f ms |%n", none, empty, with, with - none,
                with / none, empty - none);
    }

    void classLoad() throws Exception {
        ChainedOptionsBuilder b = jmh(ClassLoadBenchmark.class, 1, 1, 3);
        b.param("jars", quick ? "few" : "all");
        if (quick) {
            b.param("select", "none", "recursive");
        }
        Map<String, Double> s = scores(new Runner(b.build()).run());
        double none = find(s, "loadEveryClass", "select=none");
        out.println();
        out.println("Loading every class of " + (quick ? "gson" : "7 jars") + " (ms per JVM run; ratio to no agent):");
        out.println("| no agent | select=recursive | select=all |");
        out.println("|---:|---:|---:|");
        Double all = find(s, "loadEveryClass", "select=all");
        double rec = find(s, "loadEveryClass", "select=recursive");
        out.printf(Locale.ROOT, "| %.0f | %.0f (%.2fx) | %s |%n", none, rec, rec / none,
                all == null ? "-" : String.format(Locale.ROOT, "%.0f (%.2fx)", all, all / none));
    }

    void memory() throws Exception {
        int rounds = quick ? 1 : 3;
        out.println();
        out.println("Heap kept per tracked thread (bytes, heap after GC with the agent minus without, per thread):");
        out.println("| threads | bytes per thread (each round) |");
        out.println("|---|---|");
        int platformCount = quick ? 200 : 2_000;
        out.printf(Locale.ROOT, "| %,d platform | %s |%n", platformCount, MemoryProbe.bytesPerThread("platform", platformCount, rounds, quick ? 0 : 2_000));
        if (virtual) {
            int virtualCount = quick ? 10_000 : 1_000_000;
            out.printf(Locale.ROOT, "| %,d virtual | %s |%n", virtualCount, MemoryProbe.bytesPerThread("virtual", virtualCount, rounds, quick ? 0 : 2_000));
        }
    }

    void depth() throws Exception {
        out.println();
        out.println("Stack cost: depth reached before StackOverflowError (1 MiB default stack; pair and visitor in rounds;"
                + " the hand-written versions run without the agent):");
        out.println("| frames | mode | thread | without | with agent | ratio | agent's mechanism"
                + " | hand-written thread-local counter | ratio | hand-written depth parameter | ratio |");
        out.println("|---|---|---|---:|---:|---:|---|---:|---:|---:|---:|");
        String[] frames = quick ? new String[]{"small", "visitor"} : new String[]{"small", "large", "pair", "visitor"};
        // compiled-warm: warmed up on recursions 20 deep (under the rewrite's first look at 64 levels, so
        // the JIT has never seen that branch taken); compiled-warm-deep: on recursions 200 deep.
        String[] modes = quick ? new String[]{"interpreted"} : new String[]{"interpreted", "compiled-warm", "compiled-warm-deep"};
        String[] threads = virtual && !quick ? new String[]{"platform", "virtual"} : new String[]{"platform"};
        for (String f : frames) {
            for (String m : modes) {
                for (String t : threads) {
                    StackDepthProbe.Row d = StackDepthProbe.depths(f, m, t);
                    out.printf(Locale.ROOT, "| %s | %s | %s | %,d | %,d | %.2f | %s | %,d | %.2f | %s | %s |%n", f, m, t,
                            d.without(), d.with(), (double) d.with() / d.without(), d.mechanism(), d.counter(),
                            (double) d.counter() / d.without(),
                            d.parameter() < 0 ? "-" : String.format(Locale.ROOT, "%,d", d.parameter()),
                            d.parameter() < 0 ? "-" : String.format(Locale.ROOT, "%.2f", (double) d.parameter() / d.without()));
                }
            }
        }
    }

    /** The score of {@code benchmark} whose parameters include {@code param}, or null. */
    private static Double find(Map<String, Double> scores, String benchmark, String param) {
        for (Map.Entry<String, Double> e : scores.entrySet()) {
            if (e.getKey().startsWith(benchmark + " ") && (" " + e.getKey() + " ").contains(" " + param + " ")) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String agent(String args) {
        return ChildJava.agentOption(args).get(0);
    }
}
