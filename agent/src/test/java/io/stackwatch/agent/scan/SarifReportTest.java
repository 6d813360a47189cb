package io.stackwatch.agent.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stackwatch.agent.scan.fixtures.CounterGuard;
import io.stackwatch.agent.scan.fixtures.UnguardedParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.stackwatch.agent.scan.ScanHarness.classFiles;
import static io.stackwatch.agent.scan.ScanHarness.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --sarif FILE} writes what the SARIF 2.1.0 specification requires (the properties its schema
 * marks required, the enumerations it allows, the cross-references it defines) and what GitHub
 * code scanning needs to show and track an alert; {@code --fail-on unguarded} gates a build.
 */
class SarifReportTest {

    private static final Set<String> LEVELS = Set.of("none", "note", "warning", "error");
    private static final Set<String> LOGICAL_KINDS = Set.of("function", "member", "module", "namespace", "parameter",
            "resource", "returnType", "type", "variable", "object", "array", "property", "value", "element", "text",
            "attribute", "comment", "declaration", "dtd", "processingInstruction");

    @TempDir
    Path dir;

    private JsonNode sarif(String... inputs) throws IOException {
        Path file = dir.resolve("scan.sarif");
        List<String> args = new ArrayList<>(List.of("--quiet", "--top", "0", "--sarif", file.toString()));
        args.addAll(List.of(inputs));
        ScanHarness.Run run = run(args.toArray(new String[0]));
        assertThat(run.status).as(run.toString()).isZero();
        return new ObjectMapper().readTree(file.toFile());
    }

    @Test
    void theSarifLogHasEveryPropertySarif210RequiresAndOneResultPerRecursion() throws IOException {
        List<String> inputs = new ArrayList<>(classFiles(UnguardedParser.class, CounterGuard.class));
        JsonNode log = sarif(inputs.toArray(new String[0]));
        assertValidSarif(log);

        JsonNode run = log.get("runs").get(0);
        assertThat(run.get("results")).hasSize(2);
        JsonNode parser = run.get("results").get(0);
        assertThat(parser.get("ruleId").asText()).isEqualTo("SW001");
        assertThat(parser.get("level").asText()).isEqualTo("error");
        assertThat(parser.get("message").get("text").asText())
                .startsWith("Unguarded recursion #1: UnguardedParser#value -> UnguardedParser#array -> back.")
                .contains("Input drives it: reached from public UnguardedParser#parse()");
        JsonNode where = parser.get("locations").get(0);
        assertThat(where.get("physicalLocation").get("artifactLocation").get("uri").asText())
                .isEqualTo("io/stackwatch/agent/scan/fixtures/UnguardedParser.java");
        assertThat(where.get("physicalLocation").get("region").get("startLine").asInt()).isPositive();
        assertThat(where.get("logicalLocations").get(0).get("fullyQualifiedName").asText())
                .isEqualTo("io.stackwatch.agent.scan.fixtures.UnguardedParser#value");
        assertThat(parser.get("relatedLocations")).hasSize(1);
        JsonNode guarded = run.get("results").get(1);
        assertThat(guarded.get("ruleId").asText()).isEqualTo("SW003");
        assertThat(guarded.get("level").asText()).isEqualTo("note");

        // The same cycle is the same alert in the next scan.
        JsonNode again = sarif(inputs.toArray(new String[0]));
        assertThat(again.get("runs").get(0).get("results").get(0).get("partialFingerprints"))
                .isEqualTo(parser.get("partialFingerprints"));
    }

    @Test
    void aDispatchFamilyCycleIsAValidResultToo() throws IOException {
        JsonNode log = sarif(classFiles(io.stackwatch.agent.scan.fixtures.Megamorphic.class).toArray(new String[0]));
        assertValidSarif(log);
        assertThat(log.get("runs").get(0).get("results").get(0).get("message").get("text").asText())
                .contains("Megamorphic$Handler#handle (any of 40 implementations)");
    }

    @Test
    void failOnUnguardedExitsThreeOnlyWhenAnUnguardedRecursionThatInputDrivesIsFound() throws IOException {
        ScanHarness.Run found = run(new ArrayList<String>() {{
            add("--quiet");
            add("--fail-on");
            add("unguarded");
            addAll(classFiles(UnguardedParser.class));
        }}.toArray(new String[0]));
        assertThat(found.status).as(found.toString()).isEqualTo(ScanCommand.FOUND);
        assertThat(found.errLines()).singleElement().satisfies(l -> assertThat(l)
                .isEqualTo("stackwatch scan: --fail-on unguarded: 1 unguarded recursion that input drives (the first: #1)"));

        ScanHarness.Run clean = run(new ArrayList<String>() {{
            add("--quiet");
            add("--fail-on");
            add("unguarded");
            addAll(classFiles(CounterGuard.class));
        }}.toArray(new String[0]));
        assertThat(clean.status).as(clean.toString()).isZero();
        assertThat(run("--fail-on", "everything", "x.jar").status).isEqualTo(ScanCommand.USAGE);
    }

    /** The SARIF 2.1.0 schema's required properties, enumerations and references, checked one by one. */
    static void assertValidSarif(JsonNode log) {
        assertThat(log.get("version").asText()).isEqualTo("2.1.0");
        assertThat(log.get("$schema").asText()).isEqualTo(SarifReport.SCHEMA);
        assertThat(log.get("runs").isArray()).isTrue();
        assertThat(log.get("runs")).isNotEmpty();
        for (JsonNode run : log.get("runs")) {
            JsonNode driver = run.get("tool").get("driver");
            assertThat(driver.get("name").asText()).isNotBlank();
            List<String> ruleIds = new ArrayList<>();
            for (JsonNode rule : driver.get("rules")) {
                assertThat(rule.get("id").asText()).isNotBlank();
                ruleIds.add(rule.get("id").asText());
                assertThat(rule.get("shortDescription").get("text").asText()).isNotBlank();
                assertThat(LEVELS).contains(rule.get("defaultConfiguration").get("level").asText());
                // GitHub reads a severity score from 0.0 to 10.0 as a string.
                assertThat(Double.parseDouble(rule.get("properties").get("security-severity").asText())).isBetween(0.0, 10.0);
            }
            assertThat(new HashSet<>(ruleIds)).hasSameSizeAs(ruleIds);
            assertThat(run.get("results").isArray()).isTrue();
            for (JsonNode result : run.get("results")) {
                assertThat(result.get("message").get("text").asText()).isNotBlank();
                int index = result.get("ruleIndex").asInt();
                assertThat(ruleIds.get(index)).isEqualTo(result.get("ruleId").asText());
                assertThat(LEVELS).contains(result.get("level").asText());
                assertThat(result.get("locations")).isNotEmpty();
                Set<Integer> ids = new HashSet<>();
                List<JsonNode> all = new ArrayList<>();
                result.get("locations").forEach(all::add);
                result.get("relatedLocations").forEach(l -> {
                    assertThat(ids.add(l.get("id").asInt())).as("related location ids are unique").isTrue();
                    assertThat(l.get("id").asInt()).isNotNegative();
                    all.add(l);
                });
                for (JsonNode l : all) {
                    JsonNode artifact = l.get("physicalLocation").get("artifactLocation");
                    String uri = artifact.get("uri").asText();
                    assertThat(URI.create(uri).isAbsolute()).as("relative to %SRCROOT%: " + uri).isFalse();
                    JsonNode region = l.get("physicalLocation").get("region");
                    if (region != null) {
                        assertThat(region.get("startLine").asInt()).isPositive();
                    }
                    for (JsonNode logical : l.get("logicalLocations")) {
                        assertThat(LOGICAL_KINDS).contains(logical.get("kind").asText());
                        assertThat(logical.get("fullyQualifiedName").asText()).isNotBlank();
                    }
                }
                result.get("partialFingerprints").fields().forEachRemaining(e -> assertThat(e.getValue().isTextual()).isTrue());
            }
        }
    }
}
