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
     * would scan, and a method the CVE's cycle runs through. A known miss ({@link #missed}) says why
     * the scan does not yet put that method among the first ten; the test asserts it still misses, so
     * that the mark goes once the scan finds it (docs/CORPUS.md, "Scan rank").
     */
    private static final class Case {
        final String lib;
        final String name;
        final List<String> inputs;
        final String method;
        final String knownMiss;

        Case(String lib, String name, String method, String... inputs) {
            this(lib, name, method, List.of(inputs), null);
        }

        private Case(String lib, String name, String method, List<String> inputs, String knownMiss) {
            this.lib = lib;
            this.name = name;
            this.method = method;
            this.inputs = inputs;
            this.knownMiss = knownMiss;
        }

        /** This case as a known miss of the first ten, for the reason given. */
        Case missed(String why) {
            return new Case(lib, name, method, inputs, why);
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

    // The known misses (docs/CORPUS.md, "Scan rank"): why the default report does not yet rank the cycle in the first ten.
    private static final String ION_MISS = "the printer's visitor recurses through IonValue#accept, an interface call with many"
            + " targets (tier 3), and no public method that takes input reaches it: Printer#print takes an IonValue, a tree"
            + " the scan does not know by its name";
    private static final String NIMBUS_MISS = "the shaded Gson's adapters recurse through the abstract TypeAdapter#write"
            + " (a dispatch family, tier 4) over a map in memory: data, below the parsers and the direct-call walks of the jar";
    private static final String XSTREAMHASH_MISS = "ArrayList#hashCode recurses through Object#hashCode, a family of"
            + " java.util's many hashCode methods (tier 4), folded into one finding with them below java.util's input readers";

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
                // issue 14: the corpus grown past 20.
                new Case("graphql", "graphql-java CVE-2023-28867", "graphql.parser.antlr.GraphqlParser#selectionSet", lib("graphql", "graphql-java")),
                new Case("hjson", "hjson-java CVE-2023-34620", "org.hjson.HjsonParser#readValue", lib("hjson", "hjson")),
                new Case("htmlcleaner", "htmlcleaner CVE-2023-34624", "org.htmlcleaner.TagNode#serialize", lib("htmlcleaner", "htmlcleaner")),
                new Case("ion", "ion-java CVE-2024-21634", "com.amazon.ion.util.Printer$PrinterVisitor#visit", lib("ion", "ion-java"))
                        .missed(ION_MISS),
                new Case("janino", "janino CVE-2023-33546", "org.codehaus.janino.Parser#parsePrimary",
                        lib("janino", "janino"), lib("janino", "commons-compiler")),
                new Case("jettisonarray", "jettison CVE-2023-1436", "org.codehaus.jettison.json.JSONArray#<init>", lib("jettisonarray", "jettison")),
                new Case("jsonio", "json-io CVE-2023-34610", "com.cedarsoftware.util.io.JsonParser#readValue", lib("jsonio", "json-io")),
                new Case("jsonpath", "json-path CVE-2023-51074", "com.jayway.jsonpath.internal.path.PathCompiler#readNextToken", lib("jsonpath", "json-path")),
                new Case("lang3", "commons-lang3 CVE-2025-48924", "org.apache.commons.lang3.ClassUtils#getClass", lib("lang3", "commons-lang3")),
                new Case("msgpack", "msgpack-core msgpack-java#1015", "org.msgpack.core.MessageUnpacker#unpackValue", lib("msgpack", "msgpack-core")),
                new Case("nimbus", "nimbus-jose-jwt CVE-2025-53864", "com.nimbusds.jose.shaded.gson.internal.bind.MapTypeAdapterFactory$Adapter#write",
                        lib("nimbus", "nimbus-jose-jwt")).missed(NIMBUS_MISS),
                new Case("vault", "vault-java-driver (minimal-json #61)", "io.github.jopenlibs.vault.json.JsonParser#readValue", lib("vault", "vault-java-driver")),
                // The recursion is the JDK's, entered from XStream's CollectionConverter: scanned as the regex case is.
                new Case("xstreamhash", "xstream CVE-2022-41966 (ArrayList#hashCode)", "java.util.ArrayList#hashCode", "jrt:/java.base/java/util")
                        .missed(XSTREAMHASH_MISS));
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
        List<String> ranks = new java.util.ArrayList<>();
        for (Case c : corpus()) {
            // The default report: no options but --json to read it (the first 25, riskiest first).
            List<String> args = new java.util.ArrayList<>(List.of("--json", "--quiet"));
            args.addAll(c.inputs);
            ChildJvmResult run = ChildJvmResult.of(ScanCli.run(args.toArray(new String[0])));
            JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.stdout);
            JsonNode found = null;
            for (JsonNode r : report.get("recursions")) {
                if (ScanCli.Report.methods(r, "cycle").contains(c.method) || ScanCli.Report.methods(r, "members").contains(c.method)) {
                    found = r;
                    break;
                }
            }
            int rank = found == null ? 0 : found.get("rank").asInt();
            ranks.add(c.name + ": " + (found == null ? "not in the report" : "rank " + rank));
            boolean inTopTen = found != null && rank <= 10;
            if (inTopTen) {
                assertThat(found.get("guarded").asBoolean()).as(c.name).isFalse();
                assertThat(found.get("why").asText()).as(c.name).isNotBlank();
            }
            if (c.knownMiss == null && !inTopTen) {
                misses.add(c.name + ": " + c.method + " is not in the first 10 findings (" + ranks.get(ranks.size() - 1) + ")");
            } else if (c.knownMiss != null && inTopTen) {
                misses.add(c.name + ": a known miss (" + c.knownMiss + ") is now rank " + rank
                        + ": drop its mark here and in docs/CORPUS.md");
            }
        }
        assertThat(misses).as(String.join("\n", ranks)).isEmpty();
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
