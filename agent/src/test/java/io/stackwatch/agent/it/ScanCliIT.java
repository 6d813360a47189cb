package io.stackwatch.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The scan command of the shaded jar: exit status, one line per skipped input, progress, the cost model. */
class ScanCliIT {

    @Test
    void skippedInputsAreOneLineEachTheRestIsReportedAndTheExitStatusIsOne() throws Exception {
        Files.createDirectories(ChildJvm.OUTPUT);
        Path missing = ChildJvm.OUTPUT.resolve("absent.jar").toAbsolutePath();
        Path notAJar = Files.writeString(Files.createTempFile(ChildJvm.OUTPUT, "notes-", ".jar"), "not a zip");
        Path corrupt = Files.createTempFile(ChildJvm.OUTPUT, "corrupt-", ".jar");
        try (OutputStream out = Files.newOutputStream(corrupt); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("com/acme/Broken.class"));
            zip.write(new byte[]{(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0, 99, 7});
            zip.closeEntry();
        }
        ChildJvm.Result r = ScanCli.run("--json", missing.toString(), notAJar.toString(), corrupt.toString(),
                ScanCli.corpus("json-smart-2.4.8.jar").toString());

        assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
        assertThat(r.stderrLines()).as(r.toString()).hasSize(3).allSatisfy(l -> assertThat(l).startsWith("stackwatch scan: skipped "));
        assertThat(r.stderr).contains(missing + ": no such file", notAJar + ": not a jar, directory or class file",
                corrupt + "!/com/acme/Broken.class: not a valid class file");
        JsonNode report = new ObjectMapper().readTree(r.stdout);
        assertThat(report.get("skipped")).hasSize(3);
        assertThat(report.get("recursionsFound").asInt()).isPositive();
    }

    @Test
    void usageErrorsExitTwoAndACleanScanZero() throws Exception {
        ChildJvm.Result none = ScanCli.run();
        assertThat(none.exitCode).isEqualTo(2);
        assertThat(none.stderrLines()).singleElement().satisfies(l -> assertThat(l).contains("nothing to scan"));
        assertThat(ScanCli.run("--depth", "3", "x.jar").exitCode).isEqualTo(2);
        ChildJvm.Result clean = ScanCli.run(ScanCli.corpus("jettison-1.5.0.jar").toString());
        assertThat(clean.exitCode).as(clean.toString()).isZero();
        assertThat(clean.stderr).isEmpty();
        assertThat(clean.stdout).contains("#1 UNGUARDED", "org.codehaus.jettison.json.JSONTokener#nextValue()",
                "Deepest call chains", "Agent arguments that instrument exactly these recursions:");
    }

    @Test
    void aLargeInputPrintsProgressLinesOnStderr() throws Exception {
        ChildJvm.Result r = ScanCli.run("--top", "3", ScanCli.CORPUS.toString());
        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stderrLines()).as(r.toString()).isNotEmpty().allSatisfy(l -> assertThat(l).startsWith("stackwatch scan: "));
        long jars;
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(ScanCli.CORPUS)) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).count();
        }
        assertThat(jars).isGreaterThanOrEqualTo(14);
        assertThat(r.stderr).contains("reading ", "MiB from " + jars + " inputs", "building the call graph", "finding cycles");
        assertThat(r.stdout).contains(jars + " inputs").contains("duplicate classes");
    }

    @Test
    void theInterpretedEstimateMatchesTheRealDepthOfAnOverflowAndTheCompiledOneItsOrderOfMagnitude() throws Exception {
        Path classFile = ChildJvm.TEST_CLASSES.resolve("testapps/ScanCalibration.class");
        JsonNode report = new ObjectMapper().readTree(ScanCli.run("--json", "--quiet", classFile.toString()).stdout
                .getBytes(StandardCharsets.UTF_8));
        long selfRounds = 0;
        long evenRounds = 0;
        long evenCompiled = 0;
        long selfCompiled = 0;
        for (JsonNode rec : report.get("recursions")) {
            String first = rec.get("cycle").get(0).get("method").asText();
            if (first.equals("testapps.ScanCalibration#self")) {
                selfRounds = rec.get("roundsToOverflow").asLong();
                selfCompiled = rec.get("compiledRoundsToOverflow").asLong();
            } else if (first.startsWith("testapps.ScanCalibration#")) {
                evenRounds = rec.get("roundsToOverflow").asLong();
                evenCompiled = rec.get("compiledRoundsToOverflow").asLong();
            }
        }
        assertThat(selfRounds).isPositive();
        assertThat(evenRounds).isPositive();

        ChildJvm.Result interpreted = ChildJvm.withoutAgent().jvmArg("-Xint").run("testapps.ScanCalibration", "1");
        long self = measured(interpreted, "self");
        long even = measured(interpreted, "even");
        // The estimate counts the operand stack at its maximum: a little more than real, so fewer rounds.
        assertThat((double) self / selfRounds).as(interpreted.stdout).isBetween(1.0, 1.2);
        assertThat((double) even / evenRounds).as(interpreted.stdout).isBetween(1.0, 1.2);

        // C2 alone, compiling in the foreground: from the second run on, both recursions run compiled.
        ChildJvm.Result compiled = ChildJvm.withoutAgent().jvmArg("-XX:-TieredCompilation", "-XX:-BackgroundCompilation")
                .run("testapps.ScanCalibration", "5");
        assertThat((double) measured(compiled, "self") / selfCompiled).as(compiled.stdout).isBetween(0.8, 1.5);
        assertThat((double) measured(compiled, "even") / evenCompiled).as(compiled.stdout).isBetween(0.8, 1.5);
    }

    private static long measured(ChildJvm.Result r, String which) {
        return r.stdoutLines().stream().filter(l -> l.startsWith(which + "=")).mapToLong(l -> Long.parseLong(l.substring(which.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(r.toString()));
    }
}
