package io.stackwatch.agent.config;

import io.stackwatch.agent.scan.ScanFile;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Thousands of random and malformed configurations through the real loader: it never throws, it
 * always yields a usable configuration, and every line it reports names the key (or the entry) it
 * rejects.
 */
class ConfigFuzzTest {

    /** Keys that read files: left out of random input so that no random path is opened. */
    private static final Set<ConfigKey<?>> READS_FILES = Set.of(ConfigKey.CONFIG);

    static List<ConfigKey<?>> fuzzableKeys() {
        return ConfigKey.all().stream().filter(k -> !READS_FILES.contains(k)).collect(Collectors.toList());
    }

    /** Values that look almost right: numbers, sizes, fractions, patterns, words, with junk around. */
    @Provide
    static Arbitrary<String> values() {
        Arbitrary<String> numbers = Arbitraries.oneOf(
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.integers().between(-2, 70_000).map(String::valueOf),
                Arbitraries.of("0", "1", "0.7", "1.0", "1e3", "NaN", "Infinity", "-0", "0x10", "１", "0.", ".5", "1_000"));
        Arbitrary<String> sizes = Combinators.combine(Arbitraries.integers().between(-5, 100_000),
                Arbitraries.of("", "k", "K", "m", "M", "g", "G", "kb", "KiB", "b", "t", " k", "kk"))
                .as((n, unit) -> n + unit);
        Arbitrary<String> words = Arbitraries.of("warn", "throw", "THROW", "recursive", "all", "scan:", "scan:/nonexistent.json",
                "growth", "none", "growth;none", "on", "off", "true", "yes", "article", "go", "capacity", "com.acme.**",
                "com.acme.*", "com.acme.Tree", "**", "*", "com..acme", ".", "com.acme.Tree#walk=1000", "a#b=0", "#=",
                "a#b=99999999999", "com.acme.Tree#walk=10;com.acme.Json#value=x", ";", ";;", "=", "==", " ");
        Arbitrary<String> junk = Arbitraries.strings().ofMaxLength(30)
                .filter(s -> s.indexOf(',') < 0 && s.indexOf('\0') < 0);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, numbers), net.jqwik.api.Tuple.of(3, sizes),
                net.jqwik.api.Tuple.of(3, words), net.jqwik.api.Tuple.of(2, junk));
    }

    @Provide
    static Arbitrary<Map<ConfigKey<?>, String>> entries() {
        return Arbitraries.maps(Arbitraries.of(fuzzableKeys()), values()).ofMaxSize(8);
    }

    @Property(tries = 1500)
    void everyRejectionOfAKnownKeyNamesThatKey(@ForAll("entries") Map<ConfigKey<?>, String> entries) {
        String args = entries.entrySet().stream().map(e -> e.getKey().key() + "=" + e.getValue())
                .collect(Collectors.joining(","));
        List<String> problems = new ArrayList<>();

        AgentConfig config = ConfigLoader.load(args, Map.of(), Map.of(), ScanFile.READER, problems::add);

        assertThat(config).isNotNull();
        assertThat(config.summary()).isNotBlank();
        for (String line : problems) {
            assertThat(line).as("from %s", args).startsWith("stackwatch: ").doesNotContain("\n")
                    .satisfies(l -> assertThat(entries.keySet()).as("%s names one of the keys given: %s", l, args)
                            .anyMatch(k -> namesKey(l, k)));
        }
        // At most one line per key, plus go.initial's check against a bad go.guard.
        assertThat(problems.size()).as("%s -> %s", args, problems).isLessThanOrEqualTo(entries.size() + 1);
    }

    @Property(tries = 1500)
    void arbitraryAgentArgumentStringsNeverThrowAndEveryLineNamesWhatItRejects(@ForAll String args) {
        String cleaned = args.replace("config", "konfig");
        List<String> problems = new ArrayList<>();

        assertThatCode(() -> ConfigLoader.load(cleaned, Map.of(), Map.of(), ScanFile.READER, problems::add)).doesNotThrowAnyException();

        for (String line : problems) {
            assertThat(line).as("from %s", cleaned).startsWith("stackwatch: ")
                    .satisfies(l -> assertThat(namesSomething(l)).as(l).isTrue());
        }
    }

    @Property(tries = 1000)
    void malformedEntriesInEverySourceNameTheirKey(@ForAll("entries") Map<ConfigKey<?>, String> entries) {
        Map<String, String> props = new HashMap<>();
        Map<String, String> env = new HashMap<>();
        int i = 0;
        for (Map.Entry<ConfigKey<?>, String> e : entries.entrySet()) {
            if (i++ % 2 == 0) {
                props.put("stackwatch." + e.getKey().key(), e.getValue());
            } else {
                env.put("STACKWATCH_" + e.getKey().key().replace('.', '_').toUpperCase(java.util.Locale.ROOT), e.getValue());
            }
        }
        List<String> problems = new ArrayList<>();

        AgentConfig config = ConfigLoader.load(null, props, env, ScanFile.READER, problems::add);

        assertThat(config).isNotNull();
        for (String line : problems) {
            assertThat(entries.keySet()).as("%s names one of %s", line, entries.keySet()).anyMatch(k -> namesKey(line, k));
        }
    }

    private static boolean namesKey(String line, ConfigKey<?> k) {
        return line.contains(" " + k.key() + "=") || line.contains(" " + k.key() + " pattern")
                || line.contains(k.key() + " entry");
    }

    /** A known key by name, or the unknown key or malformed entry itself. */
    private static boolean namesSomething(String line) {
        if (line.contains("ignoring unknown key \"") || line.contains("ignoring agent argument \"")) {
            return true;
        }
        for (ConfigKey<?> k : ConfigKey.all()) {
            if (namesKey(line, k)) {
                return true;
            }
        }
        return false;
    }
}
