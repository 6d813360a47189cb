package io.stackwatch.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The corpus: real libraries at versions with published stack-overflow denial-of-service bugs, each
 * driven by {@code corpus.<lib>.Hostile} (a benign call, the hostile input, the benign call again, on
 * thread {@code corpus-<lib>}). The agent gets only {@code include=<the library's root package>},
 * {@code action=} and {@code eventLog=}: nothing in it knows these libraries. See docs/CORPUS.md.
 *
 * <ul>
 * <li>Without the agent every hostile input really overflows (default stack).</li>
 * <li>{@code action=warn}: a {@code warn} event for the thread comes before its {@code overflow} event.</li>
 * <li>{@code action=throw}: the hostile call ends in {@code StackDepthExceededError} and the benign call
 * right after it succeeds in the same JVM, on the same thread.</li>
 * </ul>
 */
class CorpusIT {

    /** One library of the corpus: driver package, the agent's include, and the jar it must run on. */
    enum Lib {
        SNAKEYAML("snakeyaml", "org.yaml.snakeyaml.**", "snakeyaml-1.30.jar"),
        JACKSON("jackson", "com.fasterxml.jackson.databind.**", "jackson-databind-2.12.5.jar"),
        GSON("gson", "com.google.gson.**", "gson-2.8.8.jar"),
        JSONSMART("jsonsmart", "net.minidev.json.**", "json-smart-2.4.8.jar"),
        ORGJSON("orgjson", "org.json.**", "json-20220320.jar"),
        XSTREAM("xstream", "com.thoughtworks.xstream.**", "xstream-1.4.19.jar"),
        JETTISON("jettison", "org.codehaus.jettison.**", "jettison-1.5.0.jar"),
        WOODSTOX("woodstox", "com.ctc.wstx.**", "woodstox-core-6.3.1.jar"),
        PROTOBUF("protobuf", "com.google.protobuf.**", "protobuf-java-3.25.3.jar"),
        CONFIGURATION2("configuration2", "org.apache.commons.configuration2.**", "commons-configuration2-2.10.0.jar"),
        REGEX("regex", "java.util.regex.**", "(JDK)");

        final String name;
        final String include;
        final String jar;

        Lib(String name, String include, String jar) {
            this.name = name;
            this.include = include;
            this.jar = jar;
        }

        String driver() {
            return "corpus." + name + ".Hostile";
        }

        String thread() {
            return "corpus-" + name;
        }

        /** The package prefix every instrumented method of this library starts with. */
        String packagePrefix() {
            return include.substring(0, include.length() - "**".length());
        }

        ChildJvm classpath(ChildJvm jvm) throws Exception {
            Path jars = ChildJvm.CORPUS_LIBS.resolve(name);
            return Files.isDirectory(jars) ? jvm.jarsIn(jars) : jvm;
        }
    }

    // ---- without the agent: the inputs are really hostile ------------------------------------------

    @ParameterizedTest
    @EnumSource(Lib.class)
    void withoutTheAgentTheHostileInputOverflowsAndTheBenignCallStillWorks(Lib lib) throws Exception {
        ChildJvm.Result r = lib.classpath(ChildJvm.withoutAgent()).run(lib.driver());

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).as(r.toString()).contains("library: " + lib.jar).contains("done");
        assertThat(caughtLine(r)).as(r.toString()).startsWith("caught java.lang.StackOverflowError");
        assertBenignUnchanged(r);
    }

    // ---- action=warn ---------------------------------------------------------------------------------

    @Test
    void snakeyamlWarn() throws Exception {
        warnsBeforeOverflow(Lib.SNAKEYAML);
    }

    @Test
    void jacksonWarn() throws Exception {
        warnsBeforeOverflow(Lib.JACKSON);
    }

    @Test
    void gsonWarn() throws Exception {
        warnsBeforeOverflow(Lib.GSON);
    }

    @Test
    void jsonSmartWarn() throws Exception {
        warnsBeforeOverflow(Lib.JSONSMART);
    }

    @Test
    void orgJsonWarn() throws Exception {
        warnsBeforeOverflow(Lib.ORGJSON);
    }

    @Test
    void xstreamWarn() throws Exception {
        warnsBeforeOverflow(Lib.XSTREAM);
    }

    @Test
    void jettisonWarn() throws Exception {
        warnsBeforeOverflow(Lib.JETTISON);
    }

    @Test
    void woodstoxWarn() throws Exception {
        warnsBeforeOverflow(Lib.WOODSTOX);
    }

    @Test
    void protobufWarn() throws Exception {
        warnsBeforeOverflow(Lib.PROTOBUF);
    }

    @Test
    void commonsConfigurationWarn() throws Exception {
        warnsBeforeOverflow(Lib.CONFIGURATION2);
    }

    @Test
    void jdkRegexWarn() throws Exception {
        warnsBeforeOverflow(Lib.REGEX);
    }

    // ---- action=throw --------------------------------------------------------------------------------

    @Test
    void snakeyamlThrow() throws Exception {
        stopsAndCarriesOn(Lib.SNAKEYAML);
    }

    @Test
    void jacksonThrow() throws Exception {
        stopsAndCarriesOn(Lib.JACKSON);
    }

    @Test
    void gsonThrow() throws Exception {
        stopsAndCarriesOn(Lib.GSON);
    }

    @Test
    void jsonSmartThrow() throws Exception {
        stopsAndCarriesOn(Lib.JSONSMART);
    }

    @Test
    void orgJsonThrow() throws Exception {
        stopsAndCarriesOn(Lib.ORGJSON);
    }

    @Test
    void xstreamThrow() throws Exception {
        stopsAndCarriesOn(Lib.XSTREAM);
    }

    @Test
    void jettisonThrow() throws Exception {
        stopsAndCarriesOn(Lib.JETTISON);
    }

    @Test
    void woodstoxThrow() throws Exception {
        stopsAndCarriesOn(Lib.WOODSTOX);
    }

    @Test
    void protobufThrow() throws Exception {
        stopsAndCarriesOn(Lib.PROTOBUF);
    }

    @Test
    void commonsConfigurationThrow() throws Exception {
        stopsAndCarriesOn(Lib.CONFIGURATION2);
    }

    @Test
    void jdkRegexThrow() throws Exception {
        stopsAndCarriesOn(Lib.REGEX);
    }

    // ---- the two checks --------------------------------------------------------------------------------

    private static void warnsBeforeOverflow(Lib lib) throws Exception {
        Path log = ChildJvm.eventLog("corpus-" + lib.name + "-warn");
        ChildJvm.Result r = lib.classpath(ChildJvm.withAgent("include=" + lib.include + ",action=warn,eventLog=" + log))
                .run(lib.driver());

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).as(r.toString()).contains("library: " + lib.jar).contains("done");
        assertThat(caughtLine(r)).as(r.toString()).startsWith("caught java.lang.StackOverflowError");
        assertBenignUnchanged(r);

        EventLog events = EventLog.read(log);
        List<String> types = events.typesOf(lib.thread());
        assertThat(types).as("events of %s\n%s\n%s", lib.thread(), events, r).contains("warn", "overflow");
        assertThat(types.indexOf("warn")).as("warn before overflow\n%s", events).isLessThan(types.indexOf("overflow"));
        JsonNode warn = firstOf(events, lib, "warn");
        assertThat(warn.get("method").asText()).as(events.toString()).startsWith(lib.packagePrefix());
        assertThat(warn.get("cycle")).as(events.toString()).isNotEmpty();
        assertThat(warn.get("cycle").get(0).asText()).as(events.toString()).startsWith(lib.packagePrefix());
    }

    private static void stopsAndCarriesOn(Lib lib) throws Exception {
        Path log = ChildJvm.eventLog("corpus-" + lib.name + "-throw");
        ChildJvm.Result r = lib.classpath(ChildJvm.withAgent("include=" + lib.include + ",action=throw,eventLog=" + log))
                .run(lib.driver());

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).as(r.toString()).contains("library: " + lib.jar).contains("done");
        assertThat(caughtLine(r)).as(r.toString())
                .startsWith("caught io.stackwatch.core.StackDepthExceededError: stackwatch stopped " + lib.packagePrefix())
                .contains("throwAt 0.90");
        assertBenignUnchanged(r);

        EventLog events = EventLog.read(log);
        List<String> types = events.typesOf(lib.thread());
        assertThat(types).as("events of %s\n%s\n%s", lib.thread(), events, r).contains("warn", "intercept")
                .doesNotContain("overflow");
        assertThat(types.indexOf("warn")).as("warn before intercept\n%s", events).isLessThan(types.indexOf("intercept"));
        assertThat(firstOf(events, lib, "intercept").get("method").asText()).startsWith(lib.packagePrefix());
    }

    private static String caughtLine(ChildJvm.Result r) {
        return r.stdoutLines().stream().filter(l -> l.startsWith("caught ") || l.startsWith("no overflow"))
                .findFirst().orElse("(no caught line)");
    }

    /** The benign call gave the same result after the hostile call as before it, and did not fail. */
    private static void assertBenignUnchanged(ChildJvm.Result r) {
        String before = lineAfter(r, "benign before: ");
        String after = lineAfter(r, "benign after: ");
        assertThat(before).as(r.toString()).isNotNull().doesNotStartWith("FAILED");
        assertThat(after).as(r.toString()).isEqualTo(before);
    }

    private static String lineAfter(ChildJvm.Result r, String prefix) {
        return r.stdoutLines().stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()))
                .findFirst().orElse(null);
    }

    private static JsonNode firstOf(EventLog events, Lib lib, String type) {
        return events.ofThread(lib.thread()).stream().filter(e -> e.get("type").asText().equals(type)).findFirst()
                .orElseThrow();
    }
}
