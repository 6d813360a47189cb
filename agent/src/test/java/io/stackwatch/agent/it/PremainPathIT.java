package io.stackwatch.agent.it;

import io.stackwatch.agent.premain.Bytecode;
import io.stackwatch.agent.premain.PremainPath;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@link PremainPath} honest: in real child JVMs, the agent's classes that the thread running
 * {@code premain} loads before the application's main class are all on the declared list and have no
 * {@code invokedynamic}, and no class is spun for a call site of the agent's (or of a library it shades).
 * Read from the JVM's own class-loading log, with the loading thread's id on each line.
 */
class PremainPathIT {

    private static final Pattern LOADED = Pattern.compile("^\\[[^]]+]\\[(\\d+)] (\\S+) source: (.*)$");

    @Test
    void withTheDefaultsThePremainThreadLoadsOnlyDeclaredClassesAndLinksNoCallSite() throws Exception {
        check("defaults", "");
    }

    @Test
    void withEveryOutputAndCheckOnThePremainThreadLoadsOnlyDeclaredClassesAndLinksNoCallSite() throws Exception {
        Path log = ChildJvm.eventLog("premain-path");
        check("everything", "eventLog=" + log + ",prometheus=0,patrol=1s,threadRate=1000,threadRateAction=reject,"
                + "stackInuse=64m,include=testapps.**,limits=testapps.PlainHost#fib=100000,trace=growth,action=throw,"
                + "nativeReserve=16k,go.preset=go");
    }

    @Test
    void withAScanReportThePremainThreadLoadsOnlyDeclaredClassesAndLinksNoCallSite() throws Exception {
        Files.createDirectories(ChildJvm.OUTPUT);
        Path report = Files.createTempFile(ChildJvm.OUTPUT, "premain-scan-", ".json");
        ChildJvm.Result scan = ScanCli.run("--quiet", "--out", report.toString(), ChildJvm.TEST_CLASSES.resolve("testapps/scan").toString());
        assertThat(scan.exitCode).as(scan.toString()).isZero();
        check("scan", "select=scan:" + report.toAbsolutePath());
    }

    private static void check(String name, String agentArgs) throws IOException, InterruptedException {
        Path classLog = ChildJvm.OUTPUT.resolve("premain-path-" + name + "-" + System.nanoTime() + ".log").toAbsolutePath();
        ChildJvm.Result r = ChildJvm.withAgent(agentArgs).jvmArg("-Xlog:class+load=info:file=" + classLog + ":uptime,tid")
                .run("testapps.PlainHost");
        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).contains("host ran");

        Map<String, String> premainThread = loadedBeforeMain(Files.readAllLines(classLog), "testapps.PlainHost");
        assertThat(premainThread).as("the premain thread's classes, read from " + classLog)
                .containsKey("io.stackwatch.agent.StackwatchAgent");
        TreeSet<String> undeclared = new TreeSet<>();
        List<String> withCallSites = new ArrayList<>();
        try (JarFile jar = new JarFile(ChildJvm.AGENT_JAR.toFile())) {
            for (String className : premainThread.keySet()) {
                if (!className.startsWith("io.stackwatch.")) {
                    continue;
                }
                boolean shaded = className.startsWith("io.stackwatch.shaded.");
                ZipEntry entry = jar.getEntry(className.replace('.', '/') + ".class");
                if (entry == null) {
                    // A class spun at run time (a lambda's hidden class): a call site was linked.
                    withCallSites.add(className + " (spun at run time, from " + premainThread.get(className) + ")");
                    continue;
                }
                if (shaded) {
                    // A library's classes: only what runs counts (an interface's unused default method may hold a lambda).
                    continue;
                }
                if (!PremainPath.declares(className)) {
                    undeclared.add(className);
                }
                List<String> sites = Bytecode.invokedynamics(jar.getInputStream(entry).readAllBytes());
                if (!sites.isEmpty()) {
                    withCallSites.add(className + " " + sites);
                }
            }
        }
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(undeclared).as("agent classes the premain thread loaded before main that PremainPath.CLASSES does not "
                + "declare (declare them, and keep them free of lambdas)").isEmpty();
        soft.assertThat(withCallSites).as("classes with invokedynamic on the way to main").isEmpty();
        soft.assertAll();
    }

    /** The classes the thread that loaded {@code mainClass} loaded before it, with their sources. */
    static Map<String, String> loadedBeforeMain(List<String> lines, String mainClass) {
        String mainThread = null;
        for (String line : lines) {
            Matcher m = LOADED.matcher(line);
            if (m.matches() && m.group(2).equals(mainClass)) {
                mainThread = m.group(1);
                break;
            }
        }
        assertThat(mainThread).as("the main class's load line").isNotNull();
        Map<String, String> loaded = new TreeMap<>();
        for (String line : lines) {
            Matcher m = LOADED.matcher(line);
            if (!m.matches() || !m.group(1).equals(mainThread)) {
                continue;
            }
            if (m.group(2).equals(mainClass)) {
                break;
            }
            loaded.put(m.group(2), m.group(3));
        }
        return loaded;
    }
}
