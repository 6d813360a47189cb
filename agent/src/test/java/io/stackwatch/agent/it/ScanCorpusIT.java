package io.stackwatch.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scan on real jars from Maven Central at versions with known stack-overflow bugs: the cycle
 * each bug runs through is found, unguarded and ranked near the top; in the release that fixed it,
 * it is guarded or gone. One library per scan, as a user would scan it.
 */
class ScanCorpusIT {

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
