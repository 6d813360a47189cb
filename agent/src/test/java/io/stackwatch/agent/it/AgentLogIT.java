package io.stackwatch.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's own log through Logback's own features, in its private context: the level, standard
 * error, nothing or a rolling file, text with ISO times and their offset or JSON lines with the pid
 * and the service; and {@code enabled=false}, one line and nothing else.
 */
class AgentLogIT {

    @Test
    void textLinesCarryAnIsoTimeWithItsOffset() throws Exception {
        ChildJvm.Result r = ChildJvm.withAgent("").run("testapps.Runaway");
        assertThat(r.exitCode).isZero();
        assertThat(r.stderr).containsPattern("(?m)^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) stackwatch INFO  stackwatch ");
        assertThat(r.stderr).containsPattern("(?m)^\\S+(Z|[+-]\\d{2}:\\d{2}) stackwatch WARN  thread \"runaway-platform\"");
    }

    @Test
    void jsonLinesInARollingFileAtTheLevelAskedForAndNothingOnStandardError() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(ChildJvm.OUTPUT), "agent-log-");
        Path log = dir.resolve("stackwatch.log");
        ChildJvm.Result r = ChildJvm.withAgent("log=file:" + log + ",logFormat=json,logLevel=warn")
                .env("OTEL_SERVICE_NAME", "log-it").run("testapps.Runaway");
        assertThat(r.exitCode).isZero();
        assertThat(r.stderr).as("the agent's lines went to the file").doesNotContain("stackwatch INFO", "stackwatch WARN");
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            lines.add(json.readTree(line));
        }
        assertThat(lines).as("%s", lines).isNotEmpty();
        assertThat(lines).allSatisfy(l -> assertThat(l.path("level").asText()).isIn("WARN", "ERROR"));
        JsonNode warning = lines.stream().filter(l -> l.path("formattedMessage").asText().contains("is at 70% of its stack"))
                .findFirst().orElseThrow();
        assertThat(warning.path("context").path("properties").path("pid").asText()).isNotEmpty();
        assertThat(warning.path("context").path("properties").path("service.name").asText()).isEqualTo("log-it");
        assertThat(warning.path("timestamp").asLong()).isPositive();
    }

    @Test
    void logNoneWritesNoLineOfTheAgentsOwn() throws Exception {
        ChildJvm.Result r = ChildJvm.withAgent("log=none").run("testapps.Runaway");
        assertThat(r.exitCode).isZero();
        assertThat(r.stdout).contains("overflow java.lang.StackOverflowError");
        assertThat(r.stderr).doesNotContain(" stackwatch ");
    }

    @Test
    void enabledFalseIsOneLineAndTheApplicationRunsUntouched() throws Exception {
        for (ChildJvm jvm : List.of(ChildJvm.withAgent("enabled=false,action=throw"),
                ChildJvm.withAgent("action=throw").env("STACKWATCH_ENABLED", "false"))) {
            ChildJvm.Result r = jvm.run("testapps.Runaway");
            assertThat(r.exitCode).isZero();
            assertThat(r.stdout).as("no interception: the agent did nothing").contains("overflow java.lang.StackOverflowError")
                    .doesNotContain("StackDepthExceededError");
            List<String> agentLines = r.stderr.lines().filter(l -> l.contains("stackwatch")).toList();
            assertThat(agentLines).containsExactly("stackwatch: disabled by enabled=false; the application runs without the agent");
        }
    }
}
