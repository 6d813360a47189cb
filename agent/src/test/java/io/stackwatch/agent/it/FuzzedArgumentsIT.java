package io.stackwatch.agent.it;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and malformed agent arguments on real child JVMs: the host always starts and runs to the
 * end, and every line the agent prints about its arguments names the key (or the entry) it rejects.
 * The in-process form with thousands of cases is {@code ConfigFuzzTest}.
 */
class FuzzedArgumentsIT {

    private static final List<String> KEYS = List.of("include", "exclude", "select", "warnAt", "action", "throwAt",
            "maxDepth", "limits", "stackSize", "eventLog", "go.initial", "go.guard", "go.max", "go.preset", "trace",
            "nativeReserve", "native", "prometheus", "hostMetrics");
    private static final Path WORK = ChildJvm.OUTPUT.resolve("fuzz");

    /** Printable ASCII only: the JVM passes other bytes of a command line on as the platform encoding allows. */
    private static Arbitrary<String> printable(int max) {
        return Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(max);
    }

    @Provide
    Arbitrary<String> agentArguments() {
        Arbitrary<String> value = Arbitraries.frequencyOf(
                Tuple.of(2, printable(12).filter(s -> !s.contains(","))),
                Tuple.of(2, Arbitraries.of("0", "1.5", "-1", "0.99", "1e9", "NaN", "64k", "3000", "1g", "k", "throw", "warn",
                        "all", "scan:", "scan:missing.json", "growth;bogus", "off", "maybe", "com.acme.**", "**;;", "a#b=0",
                        "java.lang.**", "capacity", "go", "2k", "99999999999", "")));
        Arbitrary<String> known = Arbitraries.of(KEYS).flatMap(k -> value.map(v -> k + "=" + v));
        Arbitrary<String> unknown = printable(8).filter(s -> !s.contains(",") && !s.contains("=") && !s.isBlank())
                .flatMap(k -> value.map(v -> k + "=" + v));
        Arbitrary<String> noEquals = printable(10).filter(s -> !s.contains(",") && !s.contains("="));
        Arbitrary<String> entry = Arbitraries.frequencyOf(Tuple.of(6, known), Tuple.of(2, unknown), Tuple.of(1, noEquals));
        return entry.list().ofMinSize(1).ofMaxSize(5).map(l -> String.join(",", l))
                .filter(s -> !s.toLowerCase(java.util.Locale.ROOT).contains("config"));
    }

    @Property(tries = 16, shrinking = ShrinkingMode.OFF)
    void hostStartsAndRunsAndEveryRejectionNamesTheKey(@ForAll("agentArguments") String args) throws Exception {
        ChildJvm.Result r = ChildJvm.withAgent(args).jvmArg("-XX:TieredStopAtLevel=1").workingDirectory(WORK).run("testapps.PlainHost");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).as(r.toString()).contains("host ran fib=6765");
        assertThat(r.stderr).as(r.toString()).doesNotContain("the agent failed to start");
        List<String> rejections = r.stderrLines().stream().filter(l -> l.startsWith("stackwatch: "))
                .collect(Collectors.toList());
        List<String> entries = Arrays.asList(args.split(","));
        for (String line : rejections) {
            assertThat(namesKeyOrEntry(line, entries)).as("%s\nnames a key of %s", line, args).isTrue();
        }
    }

    private static boolean namesKeyOrEntry(String line, List<String> entries) {
        if (line.contains("ignoring unknown key \"") || line.contains("ignoring agent argument \"")) {
            return true;
        }
        for (String k : KEYS) {
            if ((line.contains(" " + k + "=") || line.contains(" " + k + " pattern") || line.contains(k + " entry"))
                    && entries.stream().anyMatch(e -> e.trim().toLowerCase(java.util.Locale.ROOT)
                            .startsWith(k.toLowerCase(java.util.Locale.ROOT)))) {
                return true;
            }
        }
        return false;
    }
}
