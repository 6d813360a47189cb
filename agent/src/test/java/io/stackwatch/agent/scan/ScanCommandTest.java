package io.stackwatch.agent.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stackwatch.agent.scan.fixtures.CounterGuard;
import io.stackwatch.agent.scan.fixtures.UnguardedParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.stackwatch.agent.scan.ScanHarness.classFiles;
import static io.stackwatch.agent.scan.ScanHarness.run;
import static org.assertj.core.api.Assertions.assertThat;

/** The command in-process: inputs of every kind, bad input, exit status, the two report formats. */
class ScanCommandTest {

    @TempDir
    Path dir;

    private static byte[] bytesOf(Class<?> c) throws IOException {
        return Files.readAllBytes(Path.of(classFiles(c).get(0)));
    }

    private Path jar(String name, Object... entries) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < entries.length; i += 2) {
                zip.putNextEntry(new ZipEntry((String) entries[i]));
                zip.write((byte[]) entries[i + 1]);
                zip.closeEntry();
            }
        }
        return jar;
    }

    private Path parserJar() throws IOException {
        return jar("parser.jar", "io/stackwatch/agent/scan/fixtures/UnguardedParser.class", bytesOf(UnguardedParser.class));
    }

    @Test
    void aCleanScanExitsZeroAndReportsTheRecursions() throws IOException {
        ScanHarness.Run run = run("--quiet", parserJar().toString());
        assertThat(run.status).as(run.toString()).isEqualTo(ScanCommand.OK);
        assertThat(run.err).isEmpty();
        assertThat(run.out).contains("1 recursion, 1 unguarded",
                "#1 UNGUARDED, direct calls, 2 methods per round",
                "io.stackwatch.agent.scan.fixtures.UnguardedParser#value()",
                "-javaagent:", "=select=scan:stackwatch-scan.json");
    }

    @Test
    void usageErrorsExitTwoWithOneLine() {
        for (String[] args : new String[][]{{}, {"--frobnicate", "x.jar"}, {"--top"}, {"--top", "many", "x.jar"},
                {"--stack-size", "12", "x.jar"}, {"--max-targets", "0", "x.jar"}}) {
            ScanHarness.Run run = run(args);
            assertThat(run.status).as(Arrays.toString(args)).isEqualTo(ScanCommand.USAGE);
            assertThat(run.errLines()).as(Arrays.toString(args)).singleElement()
                    .satisfies(l -> assertThat(l).startsWith("stackwatch scan: ").contains("--help"));
        }
        ScanHarness.Run help = run("--help");
        assertThat(help.status).isZero();
        assertThat(help.out).contains("usage: java -jar stackwatch-agent.jar scan", "--json", "exit status");
    }

    @Test
    void badInputsAreSkippedOneLineEachNamingFileAndEntryAndTheRestIsScanned() throws IOException {
        Path missing = dir.resolve("missing.jar");
        Path text = Files.writeString(dir.resolve("notes.jar"), "these are notes, not a jar");
        byte[] truncated = Arrays.copyOf(bytesOf(CounterGuard.class), 200);
        Path mixed = jar("mixed.jar",
                "com/acme/Garbage.class", "not a class at all".getBytes(StandardCharsets.UTF_8),
                "com/acme/Truncated.class", truncated,
                "io/stackwatch/agent/scan/fixtures/UnguardedParser.class", bytesOf(UnguardedParser.class));

        ScanHarness.Run run = run("--quiet", missing.toString(), text.toString(), mixed.toString());

        assertThat(run.status).as(run.toString()).isEqualTo(ScanCommand.SKIPPED);
        assertThat(run.errLines()).hasSize(4);
        assertThat(run.errLines()).allSatisfy(l -> assertThat(l).startsWith("stackwatch scan: skipped "));
        assertThat(run.err).contains(missing + ": no such file",
                text + ": not a jar, directory or class file (ZipException",
                mixed + "!/com/acme/Garbage.class: not a class file (magic number 0x6e6f7420, expected 0xcafebabe)",
                mixed + "!/com/acme/Truncated.class: not a valid class file (");
        assertThat(run.out).contains("UnguardedParser#value()", "4 skipped (see stderr)");
    }

    @Test
    void directoriesClassFilesClasspathsWildcardsAndNestedJarsAreAllRead() throws IOException {
        Path classes = dir.resolve("classes/io/stackwatch/agent/scan/fixtures");
        Files.createDirectories(classes);
        Files.write(classes.resolve("UnguardedParser.class"), bytesOf(UnguardedParser.class));
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Path guard = lib.resolve("guard.jar");
        Files.move(jar("guard.jar", "io/stackwatch/agent/scan/fixtures/CounterGuard.class", bytesOf(CounterGuard.class)), guard);
        Path fat = jar("fat.jar", "BOOT-INF/lib/inner.jar", Files.readAllBytes(parserJarNamed("inner.jar")));

        ScanHarness.Run viaDir = run("--quiet", "--json", dir.resolve("classes").toString());
        ScanHarness.Run viaClassFile = run("--quiet", "--json", classes.resolve("UnguardedParser.class").toString());
        ScanHarness.Run viaPath = run("--quiet", "--json", dir.resolve("classes") + File.pathSeparator + lib + File.separator + "*");
        ScanHarness.Run viaNested = run("--quiet", "--json", fat.toString());

        assertThat(classes(viaDir)).isEqualTo(1);
        assertThat(classes(viaClassFile)).isEqualTo(1);
        assertThat(classes(viaPath)).isEqualTo(2);
        assertThat(viaPath.out).contains("CounterGuard#array", "UnguardedParser#value");
        assertThat(classes(viaNested)).isEqualTo(1);
        assertThat(List.of(viaDir, viaClassFile, viaPath, viaNested)).allSatisfy(r -> assertThat(r.status).as(r.toString()).isZero());
    }

    @Test
    void theRunningJdksModulesAreReadFromItsJrtFileSystem() throws IOException {
        ScanHarness.Run regex = run("--quiet", "--json", "--top", "0", "jrt:/java.base/java/util/regex");
        assertThat(regex.status).as(regex.toString()).isZero();
        assertThat(classes(regex)).isBetween(50, 200);
        // The pattern compiler's recursive descent: expr -> sequence -> group0 -> expr.
        assertThat(regex.out).contains("java.util.regex.Pattern#expr", "java.util.regex.Pattern#sequence",
                "java.util.regex.Pattern#group0");

        // Module and path elements mix in one class path; jrt:/ elements stay whole.
        ScanHarness.Run mixed = run("--quiet", "--json", "jrt:/java.base/java/util/regex" + File.pathSeparator + parserJar());
        assertThat(classes(mixed)).isEqualTo(classes(regex) + 1);

        ScanHarness.Run missing = run("--quiet", "jrt:/no.such.module", "jrt:/java.base/no/such/package");
        assertThat(missing.status).isEqualTo(ScanCommand.SKIPPED);
        assertThat(missing.errLines()).containsExactly(
                "stackwatch scan: skipped jrt:/no.such.module: no module no.such.module in the running JDK ("
                        + JdkModules.runtime() + "; java --list-modules lists them)",
                "stackwatch scan: skipped jrt:/java.base/no/such/package: no such package directory in module java.base"
                        + " of the running JDK (" + JdkModules.runtime() + ")");
    }

    private Path parserJarNamed(String name) throws IOException {
        return jar(name, "io/stackwatch/agent/scan/fixtures/UnguardedParser.class", bytesOf(UnguardedParser.class));
    }

    @Test
    void theFirstOfTwoClassesWithOneNameWinsAndDuplicatesAreCounted() throws IOException {
        Path a = parserJarNamed("a.jar");
        Path b = parserJarNamed("b.jar");
        JsonNode report = json(run("--quiet", "--json", a.toString(), b.toString()));
        assertThat(report.get("classes").asInt()).isEqualTo(1);
        assertThat(report.get("duplicateClasses").asInt()).isEqualTo(1);
    }

    private static int classes(ScanHarness.Run run) throws IOException {
        return json(run).get("classes").asInt();
    }

    private static JsonNode json(ScanHarness.Run run) throws IOException {
        return new ObjectMapper().readTree(run.out);
    }

    @Test
    void theJsonReportCarriesWhatTheTextShowsAndOutWritesTheSameFileTheAgentReads() throws IOException {
        Path out = dir.resolve("report.json");
        ScanHarness.Run text = run("--quiet", "--out", out.toString(), parserJar().toString());
        assertThat(text.status).isZero();
        assertThat(text.out).contains("=select=scan:" + out.toAbsolutePath());

        JsonNode report = new ObjectMapper().readTree(out.toFile());
        assertThat(report.get("format").asInt()).isEqualTo(1);
        assertThat(report.get("capacityBytes").asLong()).isEqualTo(950_272);
        JsonNode first = report.get("recursions").get(0);
        assertThat(first.get("rank").asInt()).isEqualTo(1);
        assertThat(first.get("guarded").asBoolean()).isFalse();
        assertThat(first.get("roundsToOverflow").asLong()).isEqualTo(950_272 / first.get("bytesPerRound").asLong());
        List<String> cycle = new ArrayList<>();
        first.get("cycle").forEach(m -> cycle.add(m.get("method").asText() + m.get("descriptor").asText()));
        assertThat(cycle).containsExactly("io.stackwatch.agent.scan.fixtures.UnguardedParser#value()I",
                "io.stackwatch.agent.scan.fixtures.UnguardedParser#array()I");
        assertThat(report.get("agentArguments").asText()).endsWith("=select=scan:" + out.toAbsolutePath());

        ScanFile file = ScanFile.read(out);
        assertThat(file.methodKeys()).containsExactlyInAnyOrder(
                "io/stackwatch/agent/scan/fixtures/UnguardedParser.value()I",
                "io/stackwatch/agent/scan/fixtures/UnguardedParser.array()I");
        assertThat(file.classNames()).containsExactly("io/stackwatch/agent/scan/fixtures/UnguardedParser");
    }

    @Test
    void topLimitsBothReportsAndZeroMeansAll() throws IOException {
        Path two = jar("two.jar",
                "io/stackwatch/agent/scan/fixtures/UnguardedParser.class", bytesOf(UnguardedParser.class),
                "io/stackwatch/agent/scan/fixtures/CounterGuard.class", bytesOf(CounterGuard.class));
        assertThat(json(run("--quiet", "--json", "--top", "1", two.toString())).get("recursions")).hasSize(1);
        assertThat(json(run("--quiet", "--json", "--top", "0", two.toString())).get("recursions")).hasSize(2);
        assertThat(run("--quiet", "--top", "1", two.toString()).out).contains("2 recursions, 1 unguarded; the 1 riskiest:");
    }

    @Test
    void aLargeInputGetsProgressLinesOnStderrAndQuietSilencesThem() throws IOException {
        // A jar of 4 MiB and more: one class and a large resource the scan reads past.
        byte[] big = new byte[(int) Progress.LARGE_INPUT_BYTES + 1];
        new java.util.Random(1).nextBytes(big);
        Path large = jar("large.jar", "io/stackwatch/agent/scan/fixtures/UnguardedParser.class", bytesOf(UnguardedParser.class),
                "data.bin", big);
        ScanHarness.Run loud = run(large.toString());
        assertThat(loud.errLines()).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("stackwatch scan: "));
        assertThat(loud.err).contains("reading 4.0 MiB from 1 input", "building the call graph", "finding cycles");
        assertThat(run("--quiet", large.toString()).err).isEmpty();
    }
}
