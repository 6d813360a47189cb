package io.stackwatch.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

/** Runs {@code java -jar stackwatch-agent.jar scan ...} (the built, shaded jar) and reads what it printed. */
final class ScanCli {

    static final Path CORPUS = Paths.get(System.getProperty("stackwatch.scanCorpus", "target/scan-corpus"));

    private ScanCli() {
    }

    static Path corpus(String jar) {
        Path p = CORPUS.resolve(jar);
        if (!Files.isRegularFile(p)) {
            throw new AssertionError(p + " is missing: the scan-corpus execution of maven-dependency-plugin copies it");
        }
        return p;
    }

    static ChildJvm.Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-jar");
        cmd.add(ChildJvm.AGENT_JAR.toAbsolutePath().toString());
        cmd.add("scan");
        cmd.addAll(Arrays.asList(args));
        Files.createDirectories(ChildJvm.OUTPUT);
        Path out = Files.createTempFile(ChildJvm.OUTPUT, "scan-", ".out");
        Path err = Files.createTempFile(ChildJvm.OUTPUT, "scan-", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("scan did not finish in 120 s: " + cmd);
        }
        return new ChildJvm.Result(String.join(" ", cmd), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** A report from {@code --json}: every recursion, riskiest first. */
    static Report json(String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("--json", "--quiet", "--top", "0"));
        all.addAll(Arrays.asList(args));
        ChildJvm.Result r = run(all.toArray(new String[0]));
        if (r.exitCode != 0) {
            throw new AssertionError("scan failed: " + r);
        }
        return new Report(new ObjectMapper().readTree(r.stdout), r);
    }

    /** A parsed JSON report. */
    static final class Report {
        final JsonNode root;
        final ChildJvm.Result result;

        Report(JsonNode root, ChildJvm.Result result) {
            this.root = root;
            this.result = result;
        }

        List<JsonNode> recursions() {
            return StreamSupport.stream(root.get("recursions").spliterator(), false).collect(java.util.stream.Collectors.toList());
        }

        static List<String> methods(JsonNode recursion, String part) {
            List<String> out = new ArrayList<>();
            recursion.get(part).forEach(m -> out.add(m.get("method").asText()));
            return out;
        }

        /** The first (riskiest) recursion whose cycle matches. */
        Optional<JsonNode> withCycle(Predicate<List<String>> cycle) {
            return recursions().stream().filter(r -> cycle.test(methods(r, "cycle"))).findFirst();
        }

        /**
         * The tightest recursion with all these methods among its members: the one with the fewest
         * members (a component at a lower certainty tier is inside the larger one at a higher tier).
         */
        Optional<JsonNode> withMembers(String... methods) {
            return recursions().stream().filter(r -> methods(r, "members").containsAll(Arrays.asList(methods)))
                    .min(java.util.Comparator.comparingInt((JsonNode r) -> r.get("members").size())
                            .thenComparingInt(r -> r.get("rank").asInt()));
        }

        String summary() {
            StringBuilder sb = new StringBuilder();
            for (JsonNode r : recursions()) {
                if (r.get("rank").asInt() > 15) {
                    break;
                }
                sb.append('#').append(r.get("rank").asInt()).append(r.get("guarded").asBoolean() ? " guarded " : " UNGUARDED ")
                        .append(methods(r, "cycle")).append('\n');
            }
            return sb.toString();
        }
    }
}
