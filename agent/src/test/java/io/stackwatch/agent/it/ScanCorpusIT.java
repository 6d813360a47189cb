package io.stackwatch.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scan on real jars from Maven Central at versions with known stack-overflow bugs: the cycle
 * each bug runs through is found, unguarded and ranked near the top; in the release that fixed it,
 * it is guarded or gone. One library per scan, as a user would scan it.
 *
 * <p>{@link #everyCorpusCveCycleIsAmongTheFirstTenFindingsOfTheDefaultReport} holds the promise of
 * the scan for every library of the public corpus (docs/CORPUS.md): the method the real overflow runs
 * through is in one of the first ten findings of the report a user gets without options. A library
 * added to the corpus gets a line there ({@link #everyCorpusLibraryHasALineInTheTopTenPromise} fails
 * until it does), scanned at the version CorpusIT overflows (from {@code target/corpus-libs}).
 */
class ScanCorpusIT {

    /**
     * One case: the corpus folder it stands for ({@code agent/src/test/java/corpus/<lib>} and
     * {@code target/corpus-libs/<lib>}; null for a case outside the public corpus), the jars a user
     * would scan, and a method the CVE's cycle runs through.
     */
    private static final class Case {
        final String lib;
        final String name;
        final List<String> inputs;
        final String method;

        Case(String lib, String name, String method, String... inputs) {
            this.lib = lib;
            this.name = name;
            this.method = method;
            this.inputs = List.of(inputs);
        }
    }

    private static String jar(String name) {
        return ScanCli.corpus(name).toString();
    }

    /**
     * The jar of one artifact in a corpus folder ({@code target/corpus-libs/<lib>}): the very version
     * CorpusIT overflows, whatever version the parent pom pins.
     */
    private static String lib(String lib, String artifact) {
        Path folder = ChildJvm.CORPUS_LIBS.resolve(lib);
        try (Stream<Path> jars = Files.list(folder)) {
            List<Path> found = jars.filter(j -> j.getFileName().toString().matches(Pattern.quote(artifact) + "-\\d.*\\.jar"))
                    .collect(Collectors.toList());
            assertThat(found).as("%s in %s (the corpus-libs execution of agent/pom.xml copies it)", artifact, folder).hasSize(1);
            return found.get(0).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(folder + " is missing: the corpus-libs execution of agent/pom.xml copies it", e);
        }
    }

    private static List<Case> corpus() {
        return List.of(
                new Case("snakeyaml", "snakeyaml CVE-2022-25857", "org.yaml.snakeyaml.composer.Composer#composeNode", lib("snakeyaml", "snakeyaml")),
                new Case("jackson", "jackson-databind CVE-2020-36518", "com.fasterxml.jackson.databind.deser.std.UntypedObjectDeserializer$Vanilla#mapArray",
                        lib("jackson", "jackson-databind"), lib("jackson", "jackson-core"), lib("jackson", "jackson-annotations")),
                // The JSON_ELEMENT adapter: TypeAdapters$29 in 2.8.8 ($27 in 2.8.9).
                new Case("gson", "gson #19/#20 (JsonElement adapter)", "com.google.gson.internal.bind.TypeAdapters$29#read", lib("gson", "gson")),
                new Case("jsonsmart", "json-smart CVE-2023-1370", "net.minidev.json.parser.JSONParserBase#readArray", lib("jsonsmart", "json-smart")),
                new Case("jettison", "jettison CVE-2022-40149", "org.codehaus.jettison.json.JSONTokener#nextValue", lib("jettison", "jettison")),
                new Case("orgjson", "org.json CVE-2022-45688", "org.json.XML#parse", lib("orgjson", "json")),
                new Case("woodstox", "woodstox CVE-2022-40152", "com.ctc.wstx.dtd.FullDTDReader#readContentSpec",
                        lib("woodstox", "woodstox-core"), lib("woodstox", "stax2-api")),
                new Case("protobuf", "protobuf-java CVE-2024-7254", "com.google.protobuf.CodedInputStream$ArrayDecoder#skipField",
                        lib("protobuf", "protobuf-java")),
                new Case("configuration2", "commons-configuration2 CVE-2024-29133", "org.apache.commons.configuration2.convert.ListDelimiterHandler#flatten",
                        lib("configuration2", "commons-configuration2")),
                new Case("xstream", "xstream CVE-2022-40151", "com.thoughtworks.xstream.converters.collections.CollectionConverter#unmarshal",
                        lib("xstream", "xstream"), lib("xstream", "mxparser"), lib("xstream", "xmlpull")),
                new Case("regex", "java.util.regex JDK-6337993", "java.util.regex.Pattern$Loop#match", "jrt:/java.base/java/util/regex"),
                // Not a corpus driver (no CorpusIT run), a CVE the scan names all the same.
                new Case(null, "commons-lang3 CVE-2025-48924", "org.apache.commons.lang3.ClassUtils#getClass", jar("commons-lang3-3.14.0.jar")));
    }

    /** The folder names of a corpus directory, sorted. */
    private static List<String> folders(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).map(d -> d.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void everyCorpusLibraryHasALineInTheTopTenPromise() throws IOException {
        List<String> covered = corpus().stream().map(c -> c.lib).filter(l -> l != null).sorted().collect(Collectors.toList());
        // Every driver (src/test/java/corpus/<lib>) and every library folder CorpusIT runs on.
        assertThat(covered).as("drivers under src/test/java/corpus").containsAll(folders(Paths.get("src/test/java/corpus")));
        assertThat(covered).as("folders of %s", ChildJvm.CORPUS_LIBS).containsAll(folders(ChildJvm.CORPUS_LIBS));
    }

    @Test
    void everyCorpusCveCycleIsAmongTheFirstTenFindingsOfTheDefaultReport() throws Exception {
        List<String> misses = new java.util.ArrayList<>();
        for (Case c : corpus()) {
            // The default report: no options but --json to read it (the first 25, riskiest first).
            List<String> args = new java.util.ArrayList<>(List.of("--json", "--quiet"));
            args.addAll(c.inputs);
            ChildJvmResult run = ChildJvmResult.of(ScanCli.run(args.toArray(new String[0])));
            JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.stdout);
            int rank = 0;
            for (JsonNode r : report.get("recursions")) {
                boolean inIt = ScanCli.Report.methods(r, "cycle").contains(c.method) || ScanCli.Report.methods(r, "members").contains(c.method);
                if (inIt && r.get("rank").asInt() <= 10) {
                    rank = r.get("rank").asInt();
                    assertThat(r.get("guarded").asBoolean()).as(c.name).isFalse();
                    assertThat(r.get("why").asText()).as(c.name).isNotBlank();
                    break;
                }
            }
            if (rank == 0) {
                misses.add(c.name + ": " + c.method + " is not in the first 10 findings");
            }
        }
        assertThat(misses).isEmpty();
    }

    /** The stdout of a run, checked to have succeeded. */
    private static final class ChildJvmResult {
        final String stdout;

        private ChildJvmResult(String stdout) {
            this.stdout = stdout;
        }

        static ChildJvmResult of(ChildJvm.Result r) {
            assertThat(r.exitCode).as(r.toString()).isZero();
            return new ChildJvmResult(r.stdout);
        }
    }

    @Test
    void commonsLang3ClassUtilsRecursesFromItsCatchBlockCve2025_48924() throws Exception {
        String getClass = "org.apache.commons.lang3.ClassUtils#getClass";
        ScanCli.Report vulnerable = ScanCli.json(jar("commons-lang3-3.14.0.jar"));
        JsonNode rec = vulnerable.withCycle(c -> c.equals(List.of(getClass))).orElseThrow(() -> new AssertionError(vulnerable.summary()));
        assertThat(rec.get("surface").asText()).isEqualTo("input");
        assertThat(rec.get("why").asText()).contains("hands its String on to itself");
        unguardedNearTheTop(vulnerable, rec, 10);

        // 3.18.0 resolves nested class names in a loop.
        ScanCli.Report fixed = ScanCli.json(jar("commons-lang3-3.18.0.jar"));
        assertThat(fixed.recursions()).noneSatisfy(r -> assertThat(ScanCli.Report.methods(r, "members")).contains(getClass));
    }

    private static JsonNode unguardedNearTheTop(ScanCli.Report report, JsonNode recursion, int atMost) {
        assertThat(recursion.get("guarded").asBoolean()).as(report.summary()).isFalse();
        assertThat(recursion.get("rank").asInt()).as(report.summary()).isLessThanOrEqualTo(atMost);
        assertThat(recursion.get("tier").asInt()).as("direct calls").isEqualTo(1);
        assertThat(recursion.get("roundsToOverflow").asLong()).isBetween(500L, 20_000L);
        assertThat(recursion.get("compiledRoundsToOverflow").asLong()).isGreaterThan(recursion.get("roundsToOverflow").asLong());
        return recursion;
    }

    @Test
    void snakeyaml130NestedCollectionsCve2022_25857() throws Exception {
        String composer = "org.yaml.snakeyaml.composer.Composer#";
        ScanCli.Report vulnerable = ScanCli.json(ScanCli.corpus("snakeyaml-1.30.jar").toString());
        JsonNode rec = vulnerable.withCycle(c -> c.equals(List.of(composer + "composeNode", composer + "composeSequenceNode")))
                .orElseThrow(() -> new AssertionError(vulnerable.summary()));
        unguardedNearTheTop(vulnerable, rec, 1);
        assertThat(ScanCli.Report.methods(rec, "members")).contains(composer + "composeMappingNode", composer + "composeValueNode");

        ScanCli.Report fixed = ScanCli.json(ScanCli.corpus("snakeyaml-1.33.jar").toString());
        JsonNode after = fixed.withMembers(composer + "composeNode", composer + "composeSequenceNode").orElseThrow();
        assertThat(after.get("guarded").asBoolean()).as(fixed.summary()).isTrue();
        assertThat(after.get("guard").asText()).contains("Composer.nestingDepth");
    }

    @Test
    void jacksonDatabind2125NestedArraysCve2020_36518() throws Exception {
        String vanilla = "com.fasterxml.jackson.databind.deser.std.UntypedObjectDeserializer$Vanilla#";
        ScanCli.Report vulnerable = ScanCli.json(ScanCli.corpus("jackson-databind-2.12.5.jar").toString(),
                ScanCli.corpus("jackson-core-2.12.5.jar").toString(), ScanCli.corpus("jackson-annotations-2.12.5.jar").toString());
        JsonNode rec = vulnerable.withMembers(vanilla + "deserialize", vanilla + "mapArray", vanilla + "mapObject")
                .orElseThrow(() -> new AssertionError(vulnerable.summary()));
        assertThat(ScanCli.Report.methods(rec, "cycle")).startsWith(vanilla + "deserialize");
        unguardedNearTheTop(vulnerable, rec, 10);

        // 2.12.7.1 passes a depth along deserialize/mapArray/mapObject and checks it, but the path for
        // duplicate keys (_mapObjectWithDups) calls deserialize(p, ctxt), which starts at depth 0 again.
        ScanCli.Report fixed = ScanCli.json(ScanCli.corpus("jackson-databind-2.12.7.1.jar").toString());
        JsonNode after = fixed.withMembers(vanilla + "mapArray", vanilla + "_mapObjectWithDups").orElseThrow();
        assertThat(after.get("guarded").asBoolean()).isFalse();
        assertThat(ScanCli.Report.methods(after, "cycle")).contains(vanilla + "_mapObjectWithDups");
    }

    @Test
    void gson289JsonElementAdapterRecursion() throws Exception {
        ScanCli.Report vulnerable = ScanCli.json(ScanCli.corpus("gson-2.8.9.jar").toString());
        JsonNode element = vulnerable.recursions().stream()
                .filter(r -> r.get("cycle").size() == 1
                        && r.get("cycle").get(0).get("method").asText().matches("com\\.google\\.gson\\.internal\\.bind\\.TypeAdapters\\$\\d+#read")
                        && r.get("cycle").get(0).get("descriptor").asText().endsWith(")Lcom/google/gson/JsonElement;"))
                .findFirst().orElseThrow(() -> new AssertionError(vulnerable.summary()));
        unguardedNearTheTop(vulnerable, element, 2);
        JsonNode object = vulnerable.withCycle(c -> c.equals(List.of("com.google.gson.internal.bind.ObjectTypeAdapter#read"))).orElseThrow();
        unguardedNearTheTop(vulnerable, object, 2);

        // 2.10 reads JSON into JsonElement and Object trees without recursion: the adapters are left
        // only in a cycle that class hierarchy analysis makes up through a megamorphic TypeAdapter#read.
        ScanCli.Report fixed = ScanCli.json(ScanCli.corpus("gson-2.10.1.jar").toString());
        assertThat(fixed.recursions()).as(fixed.summary())
                .filteredOn(r -> ScanCli.Report.methods(r, "members").stream()
                        .anyMatch(m -> m.equals("com.google.gson.internal.bind.ObjectTypeAdapter#read")
                                || m.matches("com\\.google\\.gson\\.internal\\.bind\\.TypeAdapters\\$\\d+#read")))
                .allSatisfy(r -> assertThat(r.get("tier").asInt()).isEqualTo(4));
    }

    @Test
    void jsonSmart248NestedArraysCve2023_1370() throws Exception {
        String base = "net.minidev.json.parser.JSONParserBase#";
        ScanCli.Report vulnerable = ScanCli.json(ScanCli.corpus("json-smart-2.4.8.jar").toString());
        JsonNode rec = vulnerable.withMembers(base + "readArray", base + "readMain", base + "readObject")
                .orElseThrow(() -> new AssertionError(vulnerable.summary()));
        unguardedNearTheTop(vulnerable, rec, 2);

        ScanCli.Report fixed = ScanCli.json(ScanCli.corpus("json-smart-2.4.9.jar").toString());
        JsonNode after = fixed.withMembers(base + "readArray", base + "readMain").orElseThrow();
        assertThat(after.get("guarded").asBoolean()).isTrue();
        assertThat(after.get("guard").asText()).contains("JSONParserBase.depth");
    }

    @Test
    void jettison150NestedObjectsCve2022_40149() throws Exception {
        String tokener = "org.codehaus.jettison.json.JSONTokener#";
        ScanCli.Report vulnerable = ScanCli.json(ScanCli.corpus("jettison-1.5.0.jar").toString());
        JsonNode rec = vulnerable.withMembers(tokener + "nextValue", "org.codehaus.jettison.json.JSONObject#<init>")
                .orElseThrow(() -> new AssertionError(vulnerable.summary()));
        unguardedNearTheTop(vulnerable, rec, 1);

        ScanCli.Report fixed = ScanCli.json(ScanCli.corpus("jettison-1.5.2.jar").toString());
        JsonNode after = fixed.withMembers(tokener + "nextValue", "org.codehaus.jettison.json.JSONObject#<init>").orElseThrow();
        assertThat(after.get("guarded").asBoolean()).isTrue();
        assertThat(after.get("guard").asText()).startsWith("round counter").contains("JSONTokener.recursionDepth");
    }

    @Test
    void orgJson20220320XmlToJsonCve2022_45688() throws Exception {
        ScanCli.Report vulnerable = ScanCli.json(ScanCli.corpus("json-20220320.jar").toString());
        JsonNode rec = vulnerable.withCycle(c -> c.equals(List.of("org.json.XML#parse")))
                .orElseThrow(() -> new AssertionError(vulnerable.summary()));
        // Above it: five more recursions over nested input or nested values, the JSONTokener one among
        // them (CVE-2023-5072, fixed in 20231013).
        unguardedNearTheTop(vulnerable, rec, 6);
        JsonNode tokener = vulnerable.withMembers("org.json.JSONTokener#nextValue", "org.json.JSONArray#<init>").orElseThrow();
        unguardedNearTheTop(vulnerable, tokener, 3);

        ScanCli.Report fixed = ScanCli.json(ScanCli.corpus("json-20230227.jar").toString());
        JsonNode after = fixed.withCycle(c -> c.equals(List.of("org.json.XML#parse"))).orElseThrow();
        assertThat(after.get("guarded").asBoolean()).isTrue();
        assertThat(after.get("guard").asText()).contains("'currentNestingDepth'");
    }
}
