package io.stackwatch.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import corpus.CorpusDriver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The corpus: real libraries at versions with published stack-overflow denial-of-service bugs, each
 * driven by {@code corpus.<lib>.Hostile} (a benign call, the hostile input, the benign call again, on
 * thread {@code corpus-<lib>}; then the benign call alone, repeated, on thread
 * {@code corpus-<lib>-benign}). The agent gets only {@code action=} and {@code eventLog=}: no
 * selection at all, as a newcomer attaches it. Nothing in the agent knows these libraries.
 *
 * <ul>
 * <li>Without the agent every hostile input really overflows (default stack).</li>
 * <li>{@code action=warn}: a {@code warn} event for the thread comes before its {@code overflow} event,
 * and the benign-only thread gets no warning.</li>
 * <li>{@code action=throw}: the hostile call ends in {@code StackDepthExceededError} and the benign call
 * right after it succeeds in the same JVM, on the same thread.</li>
 * </ul>
 */
class CorpusIT {

    /** One library of the corpus: driver package, where its methods are, its jars and the jar it must run on. */
    enum Lib {
        SNAKEYAML("snakeyaml", "org.yaml.snakeyaml.", "snakeyaml-1.30.jar"),
        JACKSON("jackson", "com.fasterxml.jackson.databind.", "jackson-databind-2.12.5.jar"),
        GSON("gson", "com.google.gson.", "gson-2.8.8.jar"),
        JSONSMART("jsonsmart", "net.minidev.json.", "json-smart-2.4.8.jar"),
        ORGJSON("orgjson", "org.json.", "json-20220320.jar"),
        XSTREAM("xstream", "com.thoughtworks.xstream.", "xstream-1.4.19.jar"),
        JETTISON("jettison", "org.codehaus.jettison.", "jettison-1.5.0.jar"),
        WOODSTOX("woodstox", "com.ctc.wstx.", "woodstox-core-6.3.1.jar"),
        PROTOBUF("protobuf", "com.google.protobuf.", "protobuf-java-3.25.3.jar"),
        CONFIGURATION2("configuration2", "org.apache.commons.configuration2.", "commons-configuration2-2.10.0.jar"),
        REGEX("regex", "java.util.regex.", "(JDK)"),
        // issue 14: the corpus grown past 20, with the shapes the default used to miss; run with no
        // selection at all
        GRAPHQL("graphql", "graphql.parser.", "graphql-java-20.0.jar"),
        HJSON("hjson", "org.hjson.", "hjson-3.0.0.jar"),
        HTMLCLEANER("htmlcleaner", "org.htmlcleaner.", "htmlcleaner-2.29.jar"),
        ION("ion", "com.amazon.ion.", "ion-java-1.10.4.jar"),
        JANINO("janino", "org.codehaus.janino.", "janino-3.1.9.jar"),
        JSONIO("jsonio", "com.cedarsoftware.util.io.", "json-io-4.14.0.jar"),
        JSONPATH("jsonpath", "com.jayway.jsonpath.", "json-path-2.8.0.jar"),
        LANG3("lang3", "org.apache.commons.lang3.", "commons-lang3-3.14.0.jar"),
        MSGPACK("msgpack", "org.msgpack.core.", "msgpack-core-0.9.11.jar"),
        /** The cycle is in the shaded Gson inside the JWT library's jar. */
        NIMBUS("nimbus", "com.nimbusds.jose.shaded.gson.", "nimbus-jose-jwt-10.0.1.jar"),
        VAULT("vault", "io.github.jopenlibs.vault.json.", "vault-java-driver-6.2.0.jar"),
        /** XStream's jars; the recursion itself is the JDK's {@code ArrayList#hashCode}. */
        XSTREAMHASH("xstreamhash", "xstream", "java.util.", "xstream-1.4.19.jar"),
        /** A constructor calling itself ({@code JSONArray(Collection)}): counted from its super call on. */
        JETTISONARRAY("jettisonarray", "jettisonarray", "org.codehaus.jettison.", "jettison-1.5.3.jar");

        final String name;
        final String libs;
        final String packagePrefix;
        final String jar;

        Lib(String name, String packagePrefix, String jar) {
            this(name, name, packagePrefix, jar);
        }

        Lib(String name, String libs, String packagePrefix, String jar) {
            this.name = name;
            this.libs = libs;
            this.packagePrefix = packagePrefix;
            this.jar = jar;
        }

        /** The agent's arguments: only the action and the event log, no selection at all. */
        String agentArgs(String action, Path log) {
            return "action=" + action + ",eventLog=" + log;
        }

        String driver() {
            return "corpus." + name + ".Hostile";
        }

        String thread() {
            return "corpus-" + name;
        }

        String benignThread() {
            return thread() + "-benign";
        }

        ChildJvm classpath(ChildJvm jvm) throws Exception {
            Path jars = ChildJvm.CORPUS_LIBS.resolve(libs);
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

    // ---- with no agent arguments -----------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Lib.class)
    void withNoArgumentsTheAgentWarnsBeforeTheOverflow(Lib lib) throws Exception {
        warnsBeforeOverflow(lib);
    }

    @ParameterizedTest
    @EnumSource(Lib.class)
    void withNoArgumentsButActionThrowTheAgentStopsTheRecursionAndTheBenignCallCarriesOn(Lib lib) throws Exception {
        stopsAndCarriesOn(lib);
    }

    // ---- the two checks --------------------------------------------------------------------------------

    private static void warnsBeforeOverflow(Lib lib) throws Exception {
        Path log = ChildJvm.eventLog("corpus-" + lib.name + "-warn");
        ChildJvm.Result r = lib.classpath(ChildJvm.withAgent(lib.agentArgs("warn", log)))
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
        assertThat(warn.get("method").asText()).as(events.toString()).startsWith(lib.packagePrefix);
        assertThat(warn.get("cycle")).as(events.toString()).isNotEmpty();
        assertThat(warn.get("cycle").get(0).asText()).as(events.toString()).startsWith(lib.packagePrefix);
        assertThat(events.typesOf(lib.benignThread())).as("no false alarm on benign input\n%s", events)
                .doesNotContain("warn", "overflow");
    }

    private static void stopsAndCarriesOn(Lib lib) throws Exception {
        Path log = ChildJvm.eventLog("corpus-" + lib.name + "-throw");
        ChildJvm.Result r = lib.classpath(ChildJvm.withAgent(lib.agentArgs("throw", log)))
                .run(lib.driver());

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).as(r.toString()).contains("library: " + lib.jar).contains("done");
        assertThat(caughtLine(r)).as(r.toString())
                .startsWith("caught io.stackwatch.core.StackDepthExceededError: stackwatch stopped " + lib.packagePrefix)
                .contains("throwAt 0.90");
        assertBenignUnchanged(r);

        EventLog events = EventLog.read(log);
        List<String> types = events.typesOf(lib.thread());
        assertThat(types).as("events of %s\n%s\n%s", lib.thread(), events, r).contains("warn", "intercept")
                .doesNotContain("overflow");
        assertThat(types.indexOf("warn")).as("warn before intercept\n%s", events).isLessThan(types.indexOf("intercept"));
        assertThat(firstOf(events, lib, "intercept").get("method").asText()).startsWith(lib.packagePrefix);
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
        assertThat(r.stdout).as(r.toString()).contains("benign thread: " + CorpusDriver.BENIGN_REPEATS + " calls, all as before");
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
