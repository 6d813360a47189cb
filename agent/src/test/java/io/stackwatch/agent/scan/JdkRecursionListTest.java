package io.stackwatch.agent.scan;

import io.stackwatch.agent.classfile.MethodShape;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The list of JDK recursion sites that application data drives
 * ({@code agent/src/main/resources/io/stackwatch/agent/jdk-recursion-sites.txt}), made by the scan of
 * the running JDK's own modules and the families below, and checked against it: the test fails when
 * the checked-in list is stale for the JDK it runs on. The agent counts a chosen few of these sites
 * ({@code jdk-recursion.txt}, one counted method per cycle round); every one of those must be a site
 * the scan finds. Regenerate the sites on each JDK the project supports (each run keeps what other
 * JDKs found and replaces what this one finds):
 *
 * <pre>
 * mvn -B -o test -pl agent -Dtest=JdkRecursionListTest -Dstackwatch.jdkList.write=true
 * JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 mvn -B -o test -pl agent -Dtest=JdkRecursionListTest -Dstackwatch.jdkList.write=true
 * </pre>
 */
class JdkRecursionListTest {

    static final Path LIST = Paths.get("src/main/resources/io/stackwatch/agent/jdk-recursion-sites.txt");
    /** What the agent counts by default (instrument.JdkRecursion reads it). */
    static final Path COUNTED = Paths.get("src/main/resources/io/stackwatch/agent/jdk-recursion.txt");
    /**
     * Counted methods the scan does not find as a site, each with why: {@code AbstractSet.equals}
     * recurses through {@code containsAll}, {@code contains} (a megamorphic {@code Collection#contains})
     * and the element's {@code equals}: two dispatch families, where the collections family admits
     * only those of the data methods.
     */
    static final Set<String> COUNTED_NOT_FOUND = Set.of("java/util/AbstractSet.equals(Ljava/lang/Object;)Z");
    static final String[] MODULES = {"jrt:/java.base", "jrt:/java.xml"};

    @Test
    void theCheckedInListIsWhatTheScanOfThisJdkFinds() throws IOException {
        ScanResult scan = scanJdk();
        Map<JdkRecursionFamilies.Family, Set<String>> found = JdkRecursionFamilies.select(scan);
        int feature = Runtime.version().feature();
        JdkRecursionList existing = Files.exists(LIST) ? JdkRecursionList.parse(Files.readString(LIST)) : JdkRecursionList.empty();
        JdkRecursionList updated = existing.with(feature, found);
        if (Boolean.getBoolean("stackwatch.jdkList.write")) {
            Files.writeString(LIST, updated.render(), StandardCharsets.UTF_8);
        }
        assertThat(existing.render())
                .as("%s is stale for JDK %d: regenerate it (see JdkRecursionListTest)", LIST, feature)
                .isEqualTo(updated.render());
        // Every family finds something on every JDK: a family that finds nothing has lost its rule.
        for (JdkRecursionFamilies.Family f : JdkRecursionFamilies.Family.values()) {
            assertThat(found.get(f)).as(f.name()).isNotEmpty();
        }
    }

    @Test
    void everyMethodTheAgentCountsInTheJdkIsASiteTheScanFinds() throws IOException {
        Set<String> sites = JdkRecursionList.parse(Files.readString(LIST)).keys(Runtime.version().feature());
        Set<String> counted = new TreeSet<>();
        for (String line : Files.readAllLines(COUNTED)) {
            String l = line.trim();
            if (!l.isEmpty() && !l.startsWith("#")) {
                counted.add(l);
            }
        }
        assertThat(counted).isNotEmpty();
        Set<String> notFound = new TreeSet<>(counted);
        notFound.removeAll(sites);
        assertThat(notFound).as("counted in %s but not a site the scan finds in %s", COUNTED, LIST)
                .isEqualTo(COUNTED_NOT_FOUND);
    }

    @Test
    void theListHoldsTheStructuralRecursionOfCollectionsRegexAndSerialization() throws IOException {
        JdkRecursionList list = JdkRecursionList.parse(Files.readString(LIST));
        Set<String> keys = list.keys(Runtime.version().feature());
        assertThat(keys).contains(
                "java/util/AbstractList.hashCode()I",
                "java/util/AbstractSet.hashCode()I",
                "java/util/AbstractMap.hashCode()I",
                "java/util/AbstractMap.equals(Ljava/lang/Object;)Z",
                "java/util/AbstractCollection.toString()Ljava/lang/String;",
                "java/util/AbstractMap.toString()Ljava/lang/String;",
                "java/util/Arrays.deepHashCode([Ljava/lang/Object;)I",
                "java/util/regex/Pattern$Branch.match(Ljava/util/regex/Matcher;ILjava/lang/CharSequence;)Z",
                "java/util/regex/Pattern$GroupHead.match(Ljava/util/regex/Matcher;ILjava/lang/CharSequence;)Z",
                "java/util/regex/Pattern$Loop.match(Ljava/util/regex/Matcher;ILjava/lang/CharSequence;)Z",
                "java/io/ObjectInputStream.readObject0(Ljava/lang/Class;Z)Ljava/lang/Object;",
                "java/io/ObjectOutputStream.writeObject0(Ljava/lang/Object;Z)V");
        // Bookkeeping recursion that no application data drives stays out.
        assertThat(keys).noneMatch(k -> k.startsWith("java/lang/ClassLoader.") || k.startsWith("java/lang/invoke/")
                || k.startsWith("sun/security/") || k.startsWith("java/security/"));
    }

    static ScanResult scanJdk() {
        List<String> args = new ArrayList<>(List.of("--quiet", "--top", "0", "--chains", "0"));
        args.addAll(List.of(MODULES));
        ScanOptions options = ScanOptions.parse(args.toArray(new String[0]));
        ScanResult result = StaticScan.run(options, new Progress(new PrintStream(new ByteArrayOutputStream()), true));
        assertThat(result.loaded.problems).isEmpty();
        return result;
    }

    /** The list file: families in a fixed order, each a comment line and its methods; methods not found on every JDK say where. */
    static final class JdkRecursionList {
        private static final String ONLY = "# only on JDK ";
        final TreeSet<Integer> versions;
        /** Per family, per method key, the JDK feature versions it was found on. */
        final Map<JdkRecursionFamilies.Family, TreeMap<String, TreeSet<Integer>>> entries;

        private JdkRecursionList(TreeSet<Integer> versions, Map<JdkRecursionFamilies.Family, TreeMap<String, TreeSet<Integer>>> entries) {
            this.versions = versions;
            this.entries = entries;
        }

        static JdkRecursionList empty() {
            Map<JdkRecursionFamilies.Family, TreeMap<String, TreeSet<Integer>>> e = new LinkedHashMap<>();
            for (JdkRecursionFamilies.Family f : JdkRecursionFamilies.Family.values()) {
                e.put(f, new TreeMap<>());
            }
            return new JdkRecursionList(new TreeSet<>(), e);
        }

        static JdkRecursionList parse(String text) {
            JdkRecursionList list = empty();
            JdkRecursionFamilies.Family family = null;
            for (String line : text.split("\n")) {
                if (line.startsWith("# jdk:")) {
                    for (String v : line.substring(6).trim().split(" ")) {
                        list.versions.add(Integer.parseInt(v));
                    }
                } else if (line.startsWith("## ")) {
                    family = JdkRecursionFamilies.Family.valueOf(line.substring(3, line.indexOf(':')).toUpperCase(java.util.Locale.ROOT));
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    int hash = line.indexOf(ONLY);
                    String key = (hash < 0 ? line : line.substring(0, hash)).trim();
                    TreeSet<Integer> on = new TreeSet<>();
                    if (hash < 0) {
                        on.addAll(list.versions);
                    } else {
                        for (String v : line.substring(hash + ONLY.length()).split(", ")) {
                            on.add(Integer.parseInt(v.trim()));
                        }
                    }
                    list.entries.get(family).put(key, on);
                }
            }
            return list;
        }

        /** This list with what the scan of JDK {@code feature} found in place of what it held for that JDK. */
        JdkRecursionList with(int feature, Map<JdkRecursionFamilies.Family, Set<String>> found) {
            JdkRecursionList out = empty();
            out.versions.addAll(versions);
            out.versions.add(feature);
            for (JdkRecursionFamilies.Family f : JdkRecursionFamilies.Family.values()) {
                TreeMap<String, TreeSet<Integer>> merged = out.entries.get(f);
                entries.get(f).forEach((k, on) -> {
                    TreeSet<Integer> keep = new TreeSet<>(on);
                    keep.remove(feature);
                    if (!keep.isEmpty()) {
                        merged.put(k, keep);
                    }
                });
                for (String k : found.getOrDefault(f, Set.of())) {
                    merged.computeIfAbsent(k, x -> new TreeSet<>()).add(feature);
                }
            }
            return out;
        }

        Set<String> keys(int feature) {
            Set<String> out = new TreeSet<>();
            entries.values().forEach(m -> m.forEach((k, on) -> {
                if (on.contains(feature)) {
                    out.add(k);
                }
            }));
            return out;
        }

        String render() {
            StringBuilder sb = new StringBuilder();
            sb.append("# Recursion in the JDK that application data drives: every site the static scan finds. The agent counts\n");
            sb.append("# a chosen few of them by default (jdk-recursion.txt beside this file, one counted method per cycle round).\n");
            sb.append("# One method a line, owner.name(descriptor) in internal names (MethodRef.key()), grouped by family;\n");
            sb.append("# a '## family: ...' line says what drives the methods below it. Made by the static scan of the\n");
            sb.append("# running JDK's java.base and java.xml modules (scan jrt:/java.base jrt:/java.xml) and the families\n");
            sb.append("# of JdkRecursionFamilies; JdkRecursionListTest fails when this file is stale for the JDK it runs on\n");
            sb.append("# and regenerates it with -Dstackwatch.jdkList.write=true (docs/CORPUS.md#jdk-recursion-list).\n");
            sb.append("# A method found on some of the JDKs below only says so after its key.\n");
            sb.append("# jdk:");
            for (int v : versions) {
                sb.append(' ').append(v);
            }
            sb.append('\n');
            for (JdkRecursionFamilies.Family f : JdkRecursionFamilies.Family.values()) {
                sb.append('\n').append("## ").append(f.name().toLowerCase(java.util.Locale.ROOT)).append(": ").append(f.drivenBy).append('\n');
                entries.get(f).forEach((k, on) -> {
                    sb.append(k);
                    if (!on.equals(versions)) {
                        sb.append("  ").append(ONLY);
                        int i = 0;
                        for (int v : on) {
                            sb.append(i++ == 0 ? "" : ", ").append(v);
                        }
                    }
                    sb.append('\n');
                });
            }
            return sb.toString();
        }
    }

    static String key(MethodShape m) {
        return m.key();
    }
}
