package io.stackwatch.agent.config;

import io.stackwatch.agent.scan.ScanFile;
import io.stackwatch.core.gomodel.GoStackParameters;
import io.stackwatch.core.tracking.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigLoaderTest {

    private final List<String> problems = new ArrayList<>();

    @TempDir
    Path dir;

    private AgentConfig load(String args) {
        return load(args, Map.of(), Map.of());
    }

    private AgentConfig load(String args, Map<String, String> props, Map<String, String> env) {
        return ConfigLoader.load(args, props, env, ScanFile.READER, problems::add);
    }

    private Path propertiesFile(String... lines) throws IOException {
        Path f = dir.resolve("stackwatch-" + System.nanoTime() + ".properties");
        Files.write(f, Arrays.asList(lines), StandardCharsets.UTF_8);
        return f;
    }

    private static String go(AgentConfig c) {
        return c.go().toString();
    }

    // ------------------------------------------------------------------ defaults

    @Test
    void noArgumentsGiveTheDocumentedDefaultsWithoutProblems() {
        for (String args : new String[]{null, "", "   ", ",,"}) {
            AgentConfig c = load(args);
            assertThat(c.include()).isEmpty();
            assertThat(c.exclude()).isEmpty();
            assertThat(c.select()).isEqualTo(AgentConfig.Select.RECURSIVE);
            assertThat(c.warnAt()).isEqualTo(0.7);
            assertThat(c.action()).isEqualTo(AgentConfig.Action.WARN);
            assertThat(c.throwAt()).isEqualTo(0.9);
            assertThat(c.maxDepth()).isEqualTo(Policy.NO_LIMIT);
            assertThat(c.limits()).isEmpty();
            assertThat(c.stackSizeBytes()).isZero();
            assertThat(c.eventLog()).isNull();
            assertThat(c.go().initialBytes()).isEqualTo(8192);
            assertThat(c.go().guardBytes()).isEqualTo(896);
            assertThat(c.go().maxBytes()).isZero();
            assertThat(c.traceGrowth()).isFalse();
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void aValueWithLineBreaksIsQuotedOnOneLine() {
        load("stackSize=1\n2\u00003\r\t4");
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).contains("stackSize=\"1\\n2\\u00003\\r\\t4\"")
                .doesNotContain("\n").doesNotContain("\r");
    }

    @Test
    void unrelatedSystemPropertiesAndEnvironmentVariablesAreIgnoredSilently() {
        AgentConfig c = load(null, Map.of("java.version", "17", "stackwatchy", "x", "user.dir", "/"),
                Map.of("PATH", "/bin", "HOME", "/root", "STACKWATCHER", "1"));
        assertThat(c.warnAt()).isEqualTo(0.7);
        assertThat(problems).isEmpty();
    }

    @Test
    void theDumpDirectoryPropertyIsNoSettingAndNoProblem() {
        AgentConfig c = load(null, Map.of("stackwatch.dumpDir", "/tmp/classes"), Map.of());
        assertThat(c.ignoredKeys()).isEmpty();
        assertThat(problems).isEmpty();
    }

    // ------------------------------------------------------------------ good values, every key

    @Test
    void includeAndExcludeTakeSemicolonSeparatedPatterns() {
        AgentConfig c = load("include=com.acme.**;org.other.Tree; net.x.*Parser ,exclude=com.acme.gen.**;com.acme.Big");
        assertThat(problems).isEmpty();
        assertThat(c.include()).extracting(ClassPattern::toString)
                .containsExactly("com.acme.**", "org.other.Tree", "net.x.*Parser");
        assertThat(c.exclude()).extracting(ClassPattern::toString).containsExactly("com.acme.gen.**", "com.acme.Big");
        assertThat(c.include().get(1).matches("org.other.Tree$Node")).isTrue();
    }

    @Test
    void selectAcceptsRecursiveAndAllIgnoringCase() {
        assertThat(load("select=all").select()).isEqualTo(AgentConfig.Select.ALL);
        assertThat(load("select=ALL").select()).isEqualTo(AgentConfig.Select.ALL);
        assertThat(load("select=Recursive").select()).isEqualTo(AgentConfig.Select.RECURSIVE);
        assertThat(problems).isEmpty();
    }

    @Test
    void selectScanReadsTheReportAndSelectsTheMethodsItNames() throws IOException {
        Path report = dir.resolve("scan.json");
        Files.writeString(report, "{\"format\":1,\"recursions\":[{\"cycle\":["
                + "{\"method\":\"com.acme.a.Ping#ping\",\"descriptor\":\"(I)V\"},"
                + "{\"method\":\"com.acme.b.Pong#pong\",\"descriptor\":\"(I)V\"}]}]}");
        AgentConfig c = load("select=scan:" + report);
        assertThat(problems).isEmpty();
        assertThat(c.select()).isEqualTo(AgentConfig.Select.SCAN);
        assertThat(c.scanFile().methodKeys()).containsExactlyInAnyOrder("com/acme/a/Ping.ping(I)V", "com/acme/b/Pong.pong(I)V");
        assertThat(c.summary()).contains("select=scan:" + report + " (2 methods of 1 recursions)");
        assertThat(load("select=SCAN:" + report).select()).isEqualTo(AgentConfig.Select.SCAN);
    }

    @Test
    void aScanReportThatCannotBeUsedIsOneLineNamingTheFileAndWhyAndSelectStaysRecursive() throws IOException {
        Path notJson = Files.writeString(dir.resolve("notes.json"), "these are notes");
        Path notReport = Files.writeString(dir.resolve("other.json"), "{\"name\":\"something else\"}");
        Path missing = dir.resolve("missing.json");
        String[][] cases = {
                {notJson.toString(), notJson + " is not a usable scan report (invalid JSON at line 1"},
                {notReport.toString(), notReport + " is not a usable scan report (not a scan report of format 1"},
                {missing.toString(), "cannot read " + missing + " (NoSuchFileException"},
        };
        for (String[] c : cases) {
            problems.clear();
            AgentConfig config = load("select=scan:" + c[0] + ",warnAt=0.5");
            assertThat(problems).as(c[0]).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("stackwatch: ignoring select=\"scan:" + c[0] + "\" from agent arguments: ")
                    .contains(c[1]).endsWith("; using recursive").doesNotContain("\n"));
            assertThat(config.select()).isEqualTo(AgentConfig.Select.RECURSIVE);
            assertThat(config.scanFile()).isNull();
            assertThat(config.warnAt()).isEqualTo(0.5);
        }
    }

    @Test
    void warnAtAndThrowAtAcceptFractionsUpToOne() {
        AgentConfig c = load("warnAt=0.5,throwAt=0.95");
        assertThat(c.warnAt()).isEqualTo(0.5);
        assertThat(c.throwAt()).isEqualTo(0.95);
        c = load("warnAt=1,throwAt=1.0");
        assertThat(c.warnAt()).isEqualTo(1.0);
        assertThat(c.throwAt()).isEqualTo(1.0);
        assertThat(load("warnAt=0.001").warnAt()).isEqualTo(0.001);
        assertThat(problems).isEmpty();
    }

    @Test
    void actionAcceptsWarnAndThrowIgnoringCase() {
        assertThat(load("action=throw").action()).isEqualTo(AgentConfig.Action.THROW);
        assertThat(load("action=THROW").action()).isEqualTo(AgentConfig.Action.THROW);
        assertThat(load("action=warn").action()).isEqualTo(AgentConfig.Action.WARN);
        assertThat(problems).isEmpty();
    }

    @Test
    void maxDepthAcceptsWholeNumbersFromOne() {
        assertThat(load("maxDepth=1000").maxDepth()).isEqualTo(1000);
        assertThat(load("maxDepth=1").maxDepth()).isEqualTo(1);
        assertThat(load("maxDepth=2147483645").maxDepth()).isEqualTo(2147483645);
        assertThat(problems).isEmpty();
    }

    @Test
    void limitsValuesContainingEqualsSignsAreKeptWhole() {
        AgentConfig c = load("limits=com.acme.Tree#walk=1000;com.acme.X#y=5,action=throw");
        assertThat(problems).isEmpty();
        assertThat(c.limits()).containsExactly(Map.entry("com.acme.Tree#walk", 1000), Map.entry("com.acme.X#y", 5));
        assertThat(c.action()).isEqualTo(AgentConfig.Action.THROW);
    }

    @Test
    void limitsAcceptNestedClassesAndSpacesAroundParts() {
        AgentConfig c = load("limits= com.acme.Tree$Node#visit = 7 ;;com.acme.Y#<init>=3");
        assertThat(problems).isEmpty();
        assertThat(c.limits()).containsExactly(Map.entry("com.acme.Tree$Node#visit", 7), Map.entry("com.acme.Y#<init>", 3));
    }

    @Test
    void limitsAcceptClassAndMethodNamesInAnyScriptButNoControlCharacters() {
        AgentConfig c = load("limits=shapes.caf\u00e9.Deep#d\u00f6wn=7;\u043f\u0440\u0438\u043c\u0435\u0440.\u0414\u0435\u0440\u0435\u0432\u043e#walk=3");
        assertThat(problems).isEmpty();
        assertThat(c.limits()).containsExactly(Map.entry("shapes.caf\u00e9.Deep#d\u00f6wn", 7),
                Map.entry("\u043f\u0440\u0438\u043c\u0435\u0440.\u0414\u0435\u0440\u0435\u0432\u043e#walk", 3));

        AgentConfig bad = load("limits=com.acme.Tr\u0001ee#walk=3;com.acme.A#a=2");
        assertThat(problems).hasSize(1);
        assertThat(bad.limits()).containsExactly(Map.entry("com.acme.A#a", 2));
    }

    @Test
    void manyProblemsAreTheFirstTwentyLinesAndOneThatCountsTheRest() {
        StringBuilder args = new StringBuilder("warnAt=0.5");
        for (int i = 0; i < 35; i++) {
            args.append(",nosuchkey").append(i).append("=1");
        }
        AgentConfig c = load(args.toString());
        assertThat(problems).hasSize(ConfigLoader.MAX_PROBLEM_LINES + 1);
        assertThat(problems.get(ConfigLoader.MAX_PROBLEM_LINES)).startsWith("stackwatch: 15 more configuration problems not shown");
        assertThat(c.warnAt()).isEqualTo(0.5);
    }

    @Test
    void aConfigFileLargerThanAConfigurationCanBeIsNotRead(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("huge.properties");
        Files.write(f, ("warnAt=0.5\n" + "#".repeat((int) ConfigLoader.MAX_CONFIG_FILE_BYTES)).getBytes(StandardCharsets.UTF_8));
        AgentConfig c = load("config=" + f + ",action=throw");
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).contains("cannot read config=").contains("KiB");
        assertThat(c.warnAt()).isEqualTo(0.7);
        assertThat(c.action()).isEqualTo(AgentConfig.Action.THROW);
    }

    @Test
    void stackSizeAcceptsSizesOfAtLeast64k() {
        assertThat(load("stackSize=512k").stackSizeBytes()).isEqualTo(512 * 1024);
        assertThat(load("stackSize=4m").stackSizeBytes()).isEqualTo(4L * 1024 * 1024);
        assertThat(load("stackSize=1048576").stackSizeBytes()).isEqualTo(1048576);
        assertThat(load("stackSize=64k").stackSizeBytes()).isEqualTo(65536);
        assertThat(problems).isEmpty();
    }

    @Test
    void eventLogIsAPath() {
        Path p = dir.resolve("events.jsonl");
        assertThat(load("eventLog=" + p).eventLog()).isEqualTo(p);
        assertThat(problems).isEmpty();
    }

    @Test
    void goParametersAreApplied() {
        AgentConfig c = load("go.initial=2k,go.guard=512,go.max=1m");
        assertThat(problems).isEmpty();
        assertThat(c.go().initialBytes()).isEqualTo(2048);
        assertThat(c.go().guardBytes()).isEqualTo(512);
        assertThat(c.go().maxBytes()).isEqualTo(1024 * 1024);
    }

    @Test
    void goMaxCapacityMeansTheThreadsCapacity() {
        AgentConfig c = load("go.max=capacity");
        assertThat(problems).isEmpty();
        assertThat(c.go().maxBytes()).isZero();
    }

    @Test
    void goPresetSelectsTheRealGoFiguresOrTheArticles() {
        AgentConfig c = load("go.preset=go");
        assertThat(c.go().initialBytes()).isEqualTo(2048);
        assertThat(c.go().guardBytes()).isEqualTo(928);
        assertThat(go(load("go.preset=article"))).isEqualTo(GoStackParameters.ARTICLE.toString());
        assertThat(problems).isEmpty();
    }

    @Test
    void goPresetIsTheBaseThatExplicitGoKeysOverride() {
        AgentConfig c = load("go.initial=4k,go.preset=go");
        assertThat(problems).isEmpty();
        assertThat(c.go().initialBytes()).isEqualTo(4096);
        assertThat(c.go().guardBytes()).isEqualTo(928);
    }

    @Test
    void goInitialAcceptsASmallPowerOfTwoWhenAGuardBelowItIsGivenToo() {
        AgentConfig c = load("go.initial=512,go.guard=256");
        assertThat(problems).isEmpty();
        assertThat(c.go().initialBytes()).isEqualTo(512);
        assertThat(c.go().guardBytes()).isEqualTo(256);
    }

    @Test
    void nativeReserveIsASize() {
        assertThat(load("nativeReserve=16k").nativeReserveBytes()).isEqualTo(16384);
        assertThat(load("").nativeReserveBytes()).isZero();
        assertThat(problems).isEmpty();
    }

    @Test
    void nativeReadingsAreOnUnlessTurnedOff() {
        assertThat(load("").nativeReadings()).isTrue();
        assertThat(load("native=off").nativeReadings()).isFalse();
        assertThat(load("native=OFF").nativeReadings()).isFalse();
        assertThat(load("native=on").nativeReadings()).isTrue();
        assertThat(problems).isEmpty();
    }

    @Test
    void traceAcceptsGrowthAndNone() {
        assertThat(load("trace=growth").traceGrowth()).isTrue();
        assertThat(load("trace=GROWTH").traceGrowth()).isTrue();
        assertThat(load("trace=none").traceGrowth()).isFalse();
        assertThat(load("trace=none;growth").traceGrowth()).isTrue();
        assertThat(problems).isEmpty();
    }

    @Test
    void prometheusTakesHostAndPortAndDefaultsToLoopback() {
        assertThat(load("prometheus=9404").prometheus()).hasToString("127.0.0.1:9404");
        assertThat(load("prometheus=:9404").prometheus()).hasToString("127.0.0.1:9404");
        assertThat(load("prometheus=0.0.0.0:9404").prometheus()).hasToString("0.0.0.0:9404");
        assertThat(load("prometheus=Metrics.Example.com:80").prometheus()).hasToString("metrics.example.com:80");
        assertThat(load("prometheus=[::1]:9404").prometheus().host()).isEqualTo("::1");
        assertThat(load("prometheus=[::1]:9404").prometheus()).hasToString("[::1]:9404");
        assertThat(load("prometheus=0").prometheus().port()).isZero();
        assertThat(load("").prometheus()).isNull();
        assertThat(problems).isEmpty();
    }

    @Test
    void hostMetricsIsOnUnlessTurnedOff() {
        assertThat(load("").hostMetrics()).isTrue();
        assertThat(load("hostMetrics=off").hostMetrics()).isFalse();
        assertThat(load("hostMetrics=OFF").hostMetrics()).isFalse();
        assertThat(load("hostMetrics=on").hostMetrics()).isTrue();
        assertThat(problems).isEmpty();
    }

    @Test
    void reportPagesAreOnForALoopbackBindUnlessToldOtherwise() {
        assertThat(load("").reportPages()).isEqualTo(AgentConfig.ReportPages.ON_LOOPBACK);
        assertThat(load("reportPages=on").reportPages()).isEqualTo(AgentConfig.ReportPages.ON);
        assertThat(load("reportPages=OFF").reportPages()).isEqualTo(AgentConfig.ReportPages.OFF);
        assertThat(load("reportPages=on").summary()).contains(" reportPages=on");
        assertThat(problems).isEmpty();
    }

    @Test
    void configNamesAPropertiesFileWhoseKeysApply() throws IOException {
        Path f = propertiesFile("# comment", "warnAt=0.55", "stackwatch.action=throw", "limits=com.acme.Tree#walk=10;a.B#c=2",
                "go.initial = 16k");
        AgentConfig c = load("config=" + f);
        assertThat(problems).isEmpty();
        assertThat(c.warnAt()).isEqualTo(0.55);
        assertThat(c.action()).isEqualTo(AgentConfig.Action.THROW);
        assertThat(c.limits()).containsOnly(Map.entry("com.acme.Tree#walk", 10), Map.entry("a.B#c", 2));
        assertThat(c.go().initialBytes()).isEqualTo(16384);
    }

    @Test
    void loggingAndEnabledTakeTheirValues() {
        assertThat(load("").enabled()).isTrue();
        assertThat(load("enabled=false").enabled()).isFalse();
        assertThat(load("enabled=FALSE").enabled()).isFalse();
        AgentConfig c = load("logLevel=warn,log=file:target/agent.log,logFormat=json");
        assertThat(c.logging().level()).isEqualTo("WARN");
        assertThat(c.logging().file()).isEqualTo(java.nio.file.Paths.get("target/agent.log").toAbsolutePath());
        assertThat(c.logging().format()).isEqualTo(io.stackwatch.agent.logging.LogSettings.Format.JSON);
        assertThat(c.summary()).contains(" logLevel=warn log=file:").contains(" logFormat=json");
        assertThat(load("log=none").logging().none()).isTrue();
        assertThat(load("log=stderr").logging().file()).isNull();
        assertThat(problems).isEmpty();
    }

    @Test
    void otlpTakesAUrlOrTheOpenTelemetryEnvironment() {
        assertThat(load("").otlp()).isNull();
        assertThat(load("otlp=off").otlp()).isNull();
        AgentConfig url = load("otlp=http://collector:4318");
        assertThat(url.otlp().metricsUrl()).isEqualTo("http://collector:4318/v1/metrics");
        assertThat(url.otlp().logsUrl()).isEqualTo("http://collector:4318/v1/logs");
        assertThat(url.summary()).contains(" otlp=http://collector:4318/v1/metrics every 60s");
        assertThat(problems).isEmpty();
    }

    @Test
    void aBadValueIsNamedAmongTheIgnoredKeysAndASafetyKeyIsFlagged() {
        AgentConfig c = load("action=block,wranAt=0.5,warnAt=0.6");
        assertThat(c.ignoredKeys()).containsExactly("wranAt", "action");
        assertThat(c.safetySettingIgnored()).isTrue();
        assertThat(c.summary()).endsWith(" IGNORED wranAt,action (see the lines above)");
        AgentConfig fine = load("warnAt=0.6");
        assertThat(fine.ignoredKeys()).isEmpty();
        assertThat(fine.safetySettingIgnored()).isFalse();
        assertThat(load("throwAt=2").safetySettingIgnored()).isTrue();
        assertThat(load("maxDepth=0").summary()).contains(" ignored maxDepth (see the lines above)");
    }

    @Test
    void everyConfigKeyHasBadValuesTestedHere() {
        // Guards this test class: a new ConfigKey needs bad values in badValues() and a good-value test.
        Set<ConfigKey<?>> covered = new HashSet<>();
        badValues().forEach(a -> covered.add(ConfigKey.byName((String) a.get()[0])));
        covered.add(ConfigKey.INCLUDE); // bad include values are tested on their own below
        covered.add(ConfigKey.CONFIG);  // missing / unreadable files are tested on their own below
        assertThat(covered).containsExactlyInAnyOrderElementsOf(ConfigKey.all());
    }

    // ------------------------------------------------------------------ bad values, every key

    /** key, bad value, the property read back, its default. */
    static Stream<Arguments> badValues() {
        Function<AgentConfig, Object> exclude = AgentConfig::exclude;
        Function<AgentConfig, Object> select = AgentConfig::select;
        Function<AgentConfig, Object> warnAt = AgentConfig::warnAt;
        Function<AgentConfig, Object> action = AgentConfig::action;
        Function<AgentConfig, Object> throwAt = AgentConfig::throwAt;
        Function<AgentConfig, Object> maxDepth = AgentConfig::maxDepth;
        Function<AgentConfig, Object> limits = AgentConfig::limits;
        Function<AgentConfig, Object> stackSize = AgentConfig::stackSizeBytes;
        Function<AgentConfig, Object> eventLog = AgentConfig::eventLog;
        Function<AgentConfig, Object> goAll = ConfigLoaderTest::go;
        Function<AgentConfig, Object> trace = AgentConfig::traceGrowth;
        Function<AgentConfig, Object> nativeReadings = AgentConfig::nativeReadings;
        Function<AgentConfig, Object> nativeReserve = AgentConfig::nativeReserveBytes;
        String article = GoStackParameters.ARTICLE.toString();
        List<Arguments> out = new ArrayList<>();
        for (String v : new String[]{"com acme", "com/acme/**", "com..acme", "com.acme.***"}) {
            out.add(Arguments.of("exclude", v, exclude, List.of()));
        }
        for (String v : new String[]{"some", "", "recursive;all", "1", "scan:", "scan:/no/such/dir/stackwatch-scan.json", "scan"}) {
            out.add(Arguments.of("select", v, select, AgentConfig.Select.RECURSIVE));
        }
        for (String v : new String[]{"0", "0.0", "-0.5", "1.01", "70%", "abc", "", "NaN", "Infinity", "1e3"}) {
            out.add(Arguments.of("warnAt", v, warnAt, 0.7));
            out.add(Arguments.of("throwAt", v, throwAt, 0.9));
        }
        for (String v : new String[]{"lots", "", "-1k", "1g"}) {
            out.add(Arguments.of("nativeReserve", v, nativeReserve, 0L));
        }
        for (String v : new String[]{"maybe", "", "0", "on;off"}) {
            out.add(Arguments.of("native", v, nativeReadings, true));
        }
        for (String v : new String[]{"stop", "", "warn;throw", "log"}) {
            out.add(Arguments.of("action", v, action, AgentConfig.Action.WARN));
        }
        for (String v : new String[]{"0", "-5", "abc", "1.5", "", "10k", "99999999999", "2147483647", "1e6"}) {
            out.add(Arguments.of("maxDepth", v, maxDepth, Policy.NO_LIMIT));
        }
        for (String v : new String[]{"com.acme.Tree#walk=0", "com.acme.Tree=5", "#walk=5", "com.acme.Tree#walk=abc",
                "com.acme.Tree#walk", "com.acme.Tree#=5", "com acme.Tree#walk=5", "com.acme.Tree#walk=-1",
                "com.acme.Tree#walk=2147483647"}) {
            out.add(Arguments.of("limits", v, limits, Map.of()));
        }
        for (String v : new String[]{"32k", "abc", "", "0", "-1m", "4x"}) {
            out.add(Arguments.of("stackSize", v, stackSize, 0L));
        }
        for (String v : new String[]{"", "bad\u0000path"}) {
            out.add(Arguments.of("eventLog", v, eventLog, null));
        }
        for (String v : new String[]{"1000", "256", "abc", "", "0", "2g", "12k"}) {
            out.add(Arguments.of("go.initial", v, goAll, article));
        }
        for (String v : new String[]{"8k", "16k", "abc", "", "-1"}) {
            out.add(Arguments.of("go.guard", v, goAll, article));
        }
        for (String v : new String[]{"4k", "abc", "", "0", "unlimited"}) {
            out.add(Arguments.of("go.max", v, goAll, article));
        }
        for (String v : new String[]{"rust", "", "go1.4"}) {
            out.add(Arguments.of("go.preset", v, goAll, article));
        }
        for (String v : new String[]{"verbose", "growth;calls", "all"}) {
            out.add(Arguments.of("trace", v, trace, false));
        }
        Function<AgentConfig, Object> prometheus = AgentConfig::prometheus;
        for (String v : new String[]{"", "yes", "host:", ":", "65536", "localhost:99999", "::1:9404", "[::1]9404",
                "bad host:9404", "a/b:1", "9404;9405", "-1", "[]:80", "host:port"}) {
            out.add(Arguments.of("prometheus", v, prometheus, null));
        }
        Function<AgentConfig, Object> enabled = AgentConfig::enabled;
        for (String v : new String[]{"no", "", "0", "disabled"}) {
            out.add(Arguments.of("enabled", v, enabled, true));
        }
        Function<AgentConfig, Object> logLevel = c -> c.logging().level();
        for (String v : new String[]{"loud", "", "fine", "warning"}) {
            out.add(Arguments.of("logLevel", v, logLevel, "INFO"));
        }
        Function<AgentConfig, Object> log = c -> c.logging().file() == null && !c.logging().none();
        for (String v : new String[]{"file:", "syslog", "", "stdout", "/tmp/x.log"}) {
            out.add(Arguments.of("log", v, log, true));
        }
        Function<AgentConfig, Object> logFormat = c -> c.logging().format();
        for (String v : new String[]{"xml", "", "logfmt"}) {
            out.add(Arguments.of("logFormat", v, logFormat, io.stackwatch.agent.logging.LogSettings.Format.TEXT));
        }
        Function<AgentConfig, Object> otlp = AgentConfig::otlp;
        for (String v : new String[]{"collector:4318", "", "yes", "ftp://host:21", "http://", "4318"}) {
            out.add(Arguments.of("otlp", v, otlp, null));
        }
        Function<AgentConfig, Object> hostMetrics = AgentConfig::hostMetrics;
        for (String v : new String[]{"maybe", "", "1"}) {
            out.add(Arguments.of("hostMetrics", v, hostMetrics, true));
        }
        Function<AgentConfig, Object> reportPages = AgentConfig::reportPages;
        for (String v : new String[]{"maybe", "", "loopback"}) {
            out.add(Arguments.of("reportPages", v, reportPages, AgentConfig.ReportPages.ON_LOOPBACK));
        }
        Function<AgentConfig, Object> patrol = c -> c.ops().patrolMillis();
        for (String v : new String[]{"soon", "", "5ms", "-1s", "1.5s"}) {
            out.add(Arguments.of("patrol", v, patrol, 0L));
        }
        Function<AgentConfig, Object> patrolDepth = c -> c.ops().patrolDepth();
        for (String v : new String[]{"0", "-1", "abc", "", "2147483647"}) {
            out.add(Arguments.of("patrolDepth", v, patrolDepth, 2000));
        }
        Function<AgentConfig, Object> patrolRatio = c -> c.ops().patrolRatio();
        for (String v : new String[]{"0", "1.5", "abc", ""}) {
            out.add(Arguments.of("patrolRatio", v, patrolRatio, 0.7));
        }
        Function<AgentConfig, Object> patrolBudget = c -> c.ops().patrolBudgetMillis();
        for (String v : new String[]{"0", "", "soon", "-1s"}) {
            out.add(Arguments.of("patrolBudget", v, patrolBudget, 200L));
        }
        Function<AgentConfig, Object> threadRate = c -> c.ops().threadRate();
        for (String v : new String[]{"0", "fast", "", "-5"}) {
            out.add(Arguments.of("threadRate", v, threadRate, 0));
        }
        Function<AgentConfig, Object> rateWindow = c -> c.ops().threadRateWindowMillis();
        for (String v : new String[]{"500ms", "", "abc"}) {
            out.add(Arguments.of("threadRateWindow", v, rateWindow, 10_000L));
        }
        Function<AgentConfig, Object> rateAction = c -> c.ops().rejectThreadStarts();
        for (String v : new String[]{"block", "", "warn;reject"}) {
            out.add(Arguments.of("threadRateAction", v, rateAction, false));
        }
        Function<AgentConfig, Object> inuse = c -> c.ops().stackInuseBytes();
        for (String v : new String[]{"lots", "", "0", "-1m"}) {
            out.add(Arguments.of("stackInuse", v, inuse, 0L));
        }
        Function<AgentConfig, Object> inuseWindow = c -> c.ops().stackInuseWindowMillis();
        for (String v : new String[]{"500ms", "", "abc"}) {
            out.add(Arguments.of("stackInuseWindow", v, inuseWindow, 60_000L));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}=\"{1}\"")
    @MethodSource("badValues")
    void aBadValueIsOneProblemLineNamingTheKeyAndWhatIsAcceptedAndTheKeyKeepsItsDefault(
            String key, String value, Function<AgentConfig, Object> property, Object fallback) {
        // A companion key in the same argument string must still apply.
        boolean companionIsSelect = !key.equals("select");
        String companion = companionIsSelect ? "select=all" : "action=throw";
        AgentConfig c = load("maxDepth=" + (key.equals("maxDepth") ? value : "42") + "," + key + "=" + value + "," + companion);

        assertThat(problems).as("problems for %s=%s", key, value).hasSize(1);
        String line = problems.get(0);
        assertThat(line).startsWith("stackwatch: ").contains(key).contains(ConfigKey.byName(key).accepted())
                .doesNotContain("\n");
        assertThat(property.apply(c)).isEqualTo(fallback);
        if (companionIsSelect) {
            assertThat(c.select()).isEqualTo(AgentConfig.Select.ALL);
        } else {
            assertThat(c.action()).isEqualTo(AgentConfig.Action.THROW);
        }
        if (!key.equals("maxDepth")) {
            assertThat(c.maxDepth()).isEqualTo(42);
        }
    }

    @ParameterizedTest(name = "{0}=\"{1}\" from a system property")
    @MethodSource("badValues")
    void aBadValueFromASystemPropertyIsReportedTheSameWay(
            String key, String value, Function<AgentConfig, Object> property, Object fallback) {
        AgentConfig c = load(null, Map.of("stackwatch." + key, value), Map.of());
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("stackwatch: ").contains(key).contains(ConfigKey.byName(key).accepted());
        assertThat(property.apply(c)).isEqualTo(fallback);
    }

    @Test
    void aBadLimitsEntryIsDroppedAndTheGoodEntriesStay() {
        AgentConfig c = load("limits=com.acme.A#a=3;com.acme.B#b=zero;com.acme.C#c=4");
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("stackwatch: ").contains("limits").contains("com.acme.B#b=zero")
                .contains(ConfigKey.LIMITS.accepted());
        assertThat(c.limits()).containsExactly(Map.entry("com.acme.A#a", 3), Map.entry("com.acme.C#c", 4));
    }

    @Test
    void aBadIncludePatternIsDroppedAndTheGoodPatternsStay() {
        AgentConfig c = load("include=com.acme.**;com acme;org.x.*");
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("stackwatch: ").contains("include").contains("com acme")
                .contains(ConfigKey.INCLUDE.accepted());
        assertThat(c.include()).extracting(ClassPattern::toString).containsExactly("com.acme.**", "org.x.*");
    }

    @Test
    void anIncludeWithNoUsablePatternInstrumentsNothingRatherThanEverything() {
        AgentConfig c = load("include=com acme");
        assertThat(c.include()).isNotEmpty();
        assertThat(c.include()).noneMatch(p -> p.matches("com.acme.Tree") || p.matches("com acme"));
        assertThat(problems).isNotEmpty().allMatch(l -> l.startsWith("stackwatch: "));
        assertThat(String.join("\n", problems)).contains("include").contains(ConfigKey.INCLUDE.accepted());
    }

    @Test
    void anIncludeWithNoUsablePatternIsReportedInOneLine() {
        load("include=com acme,select=all");
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("stackwatch: ").contains("include").contains(ConfigKey.INCLUDE.accepted());
    }

    @Test
    void anEmptyIncludeMeansTheDefault() {
        AgentConfig c = load("include=");
        assertThat(problems).isEmpty();
        assertThat(c.include()).isEmpty();
    }

    @Test
    void warnAtAndThrowAtTogetherBadAreTwoLinesOneEach() {
        AgentConfig c = load("warnAt=2,throwAt=x");
        assertThat(problems).hasSize(2);
        assertThat(problems).anySatisfy(l -> assertThat(l).contains("warnAt=\"2\""));
        assertThat(problems).anySatisfy(l -> assertThat(l).contains("throwAt=\"x\""));
        assertThat(c.warnAt()).isEqualTo(0.7);
        assertThat(c.throwAt()).isEqualTo(0.9);
    }

    @Test
    void goMaxBelowAConfiguredGoInitialIsRejected() {
        AgentConfig c = load("go.initial=16k,go.max=8k");
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).contains("go.max").contains(ConfigKey.GO_MAX.accepted());
        assertThat(c.go().initialBytes()).isEqualTo(16384);
        assertThat(c.go().maxBytes()).isZero();
    }

    @Test
    void goGuardNotBelowThePresetsInitialIsRejected() {
        AgentConfig c = load("go.preset=go,go.guard=2k");
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).contains("go.guard").contains(ConfigKey.GO_GUARD.accepted());
        assertThat(c.go().initialBytes()).isEqualTo(2048);
        assertThat(c.go().guardBytes()).isEqualTo(928);
    }

    // ------------------------------------------------------------------ unknown keys, malformed entries

    @Test
    void anUnknownAgentArgumentKeyIsOneLineNamingItAndTheRestApplies() {
        AgentConfig c = load("bogus=0.5,action=throw");
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("stackwatch: ").contains("\"bogus\"").contains("known keys: " + ConfigKey.names());
        assertThat(c.warnAt()).isEqualTo(0.7);
        assertThat(c.action()).isEqualTo(AgentConfig.Action.THROW);
    }

    @Test
    void aMistypedKeyGetsTheKeyItMostLikelyMeant() {
        load("wranAt=0.5,warnAtt=0.6,acton=throw,prometeus=9404,STACKWATCH_THROWAT=1");
        assertThat(problems).hasSize(5);
        assertThat(problems.get(0)).isEqualTo("stackwatch: ignoring unknown key \"wranAt\" (agent argument); did you mean warnAt?");
        assertThat(problems.get(1)).endsWith("did you mean warnAt?");
        assertThat(problems.get(2)).endsWith("did you mean action?");
        assertThat(problems.get(3)).endsWith("did you mean prometheus?");
        assertThat(problems.get(4)).contains("known keys: ");
        assertThat(ConfigKey.closest("x")).isNull();
        assertThat(ConfigKey.closest("patrolDept")).isEqualTo(ConfigKey.PATROL_DEPTH);
    }

    @Test
    void anEntryWithoutEqualsIsOneLineNamingItAndTheRestApplies() {
        AgentConfig c = load("verbose,warnAt=0.6,=0.3");
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("stackwatch: ").contains("\"verbose\"").contains("key=value");
        assertThat(problems.get(1)).startsWith("stackwatch: ").contains("\"=0.3\"").contains("key=value");
        assertThat(c.warnAt()).isEqualTo(0.6);
    }

    @Test
    void unknownKeysFromSystemPropertiesEnvironmentAndFileAreOneLineEach() throws IOException {
        Path f = propertiesFile("bogusFileKey=1", "warnAt=0.4");
        AgentConfig c = load(null, Map.of("stackwatch.bogusProp", "1", "stackwatch.config", f.toString()),
                Map.of("STACKWATCH_BOGUS_ENV", "1"));
        assertThat(problems).hasSize(3).allMatch(l -> l.startsWith("stackwatch: "));
        assertThat(problems).anySatisfy(l -> assertThat(l).contains("bogusProp"));
        assertThat(problems).anySatisfy(l -> assertThat(l).contains("BOGUS_ENV"));
        assertThat(problems).anySatisfy(l -> assertThat(l).contains("bogusFileKey"));
        assertThat(c.warnAt()).isEqualTo(0.4);
    }

    @Test
    void spacesAroundKeysAndValuesAreIgnored() {
        AgentConfig c = load(" warnAt = 0.6 , action = throw ");
        assertThat(problems).isEmpty();
        assertThat(c.warnAt()).isEqualTo(0.6);
        assertThat(c.action()).isEqualTo(AgentConfig.Action.THROW);
    }

    // ------------------------------------------------------------------ precedence

    @Test
    void agentArgumentsBeatSystemPropertiesWhichBeatEnvironmentWhichBeatsTheFile() throws IOException {
        Path f = propertiesFile("warnAt=0.4", "throwAt=0.94", "maxDepth=400", "select=all");
        Map<String, String> props = Map.of("stackwatch.warnAt", "0.5", "stackwatch.throwAt", "0.95", "stackwatch.maxDepth", "500");
        Map<String, String> env = Map.of("STACKWATCH_WARN_AT", "0.6", "STACKWATCH_THROW_AT", "0.96",
                "STACKWATCH_MAX_DEPTH", "600", "STACKWATCH_CONFIG", f.toString());

        AgentConfig c = load("warnAt=0.3", props, env);
        assertThat(problems).isEmpty();
        assertThat(c.warnAt()).isEqualTo(0.3);     // agent argument
        assertThat(c.throwAt()).isEqualTo(0.95);   // system property over env and file
        assertThat(c.maxDepth()).isEqualTo(500);   // system property over env and file
        assertThat(c.select()).isEqualTo(AgentConfig.Select.ALL); // only in the file

        c = load(null, Map.of(), env);
        assertThat(c.warnAt()).isEqualTo(0.6);     // env over file
        assertThat(c.throwAt()).isEqualTo(0.96);
        assertThat(c.maxDepth()).isEqualTo(600);

        c = load(null, Map.of(), Map.of("STACKWATCH_CONFIG", f.toString()));
        assertThat(c.warnAt()).isEqualTo(0.4);     // file alone
        assertThat(c.throwAt()).isEqualTo(0.94);
        assertThat(problems).isEmpty();
    }

    @Test
    void aBadHigherValueDoesNotFallBackToALowerSourceButToTheDefault() {
        AgentConfig c = load("warnAt=nope", Map.of("stackwatch.warnAt", "0.5"), Map.of());
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).contains("agent arguments");
        assertThat(c.warnAt()).isEqualTo(0.7);
    }

    @Test
    void environmentVariablesWorkWithAndWithoutUnderscoresBetweenWords() {
        assertThat(load(null, Map.of(), Map.of("STACKWATCH_WARN_AT", "0.61")).warnAt()).isEqualTo(0.61);
        assertThat(load(null, Map.of(), Map.of("STACKWATCH_WARNAT", "0.62")).warnAt()).isEqualTo(0.62);
        assertThat(load(null, Map.of(), Map.of("STACKWATCH_GO_INITIAL", "2k")).go().initialBytes()).isEqualTo(2048);
        assertThat(load(null, Map.of(), Map.of("STACKWATCH_GOINITIAL", "4k")).go().initialBytes()).isEqualTo(4096);
        assertThat(load(null, Map.of(), Map.of("STACKWATCH_STACK_SIZE", "4m")).stackSizeBytes()).isEqualTo(4L << 20);
        assertThat(load(null, Map.of(), Map.of("STACKWATCH_EVENT_LOG", "/tmp/e.jsonl")).eventLog())
                .isEqualTo(Paths.get("/tmp/e.jsonl"));
        assertThat(problems).isEmpty();
    }

    @Test
    void everyKeyCanBeSetFromTheEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("STACKWATCH_INCLUDE", "com.acme.**");
        env.put("STACKWATCH_EXCLUDE", "com.acme.gen.**");
        env.put("STACKWATCH_SELECT", "all");
        env.put("STACKWATCH_WARN_AT", "0.6");
        env.put("STACKWATCH_ACTION", "throw");
        env.put("STACKWATCH_THROW_AT", "0.8");
        env.put("STACKWATCH_MAX_DEPTH", "77");
        env.put("STACKWATCH_LIMITS", "a.B#c=5");
        env.put("STACKWATCH_STACK_SIZE", "256k");
        env.put("STACKWATCH_EVENT_LOG", "ev.jsonl");
        env.put("STACKWATCH_GO_PRESET", "go");
        env.put("STACKWATCH_GO_INITIAL", "4k");
        env.put("STACKWATCH_GO_GUARD", "1000");
        env.put("STACKWATCH_GO_MAX", "1m");
        env.put("STACKWATCH_TRACE", "growth");
        AgentConfig c = load(null, Map.of(), env);
        assertThat(problems).isEmpty();
        assertThat(c.include()).extracting(ClassPattern::toString).containsExactly("com.acme.**");
        assertThat(c.exclude()).extracting(ClassPattern::toString).containsExactly("com.acme.gen.**");
        assertThat(c.select()).isEqualTo(AgentConfig.Select.ALL);
        assertThat(c.warnAt()).isEqualTo(0.6);
        assertThat(c.action()).isEqualTo(AgentConfig.Action.THROW);
        assertThat(c.throwAt()).isEqualTo(0.8);
        assertThat(c.maxDepth()).isEqualTo(77);
        assertThat(c.limits()).containsExactly(Map.entry("a.B#c", 5));
        assertThat(c.stackSizeBytes()).isEqualTo(256 * 1024);
        assertThat(c.eventLog()).isEqualTo(Paths.get("ev.jsonl"));
        assertThat(c.go().initialBytes()).isEqualTo(4096);
        assertThat(c.go().guardBytes()).isEqualTo(1000);
        assertThat(c.go().maxBytes()).isEqualTo(1 << 20);
        assertThat(c.traceGrowth()).isTrue();
    }

    @Test
    void systemPropertiesUseTheKeyNamesAsWritten() {
        AgentConfig c = load(null, Map.of("stackwatch.go.initial", "2k", "stackwatch.go.guard", "100",
                "stackwatch.maxDepth", "12", "stackwatch.limits", "com.acme.Tree#walk=1000;com.acme.X#y=5"), Map.of());
        assertThat(problems).isEmpty();
        assertThat(c.go().initialBytes()).isEqualTo(2048);
        assertThat(c.go().guardBytes()).isEqualTo(100);
        assertThat(c.maxDepth()).isEqualTo(12);
        assertThat(c.limits()).containsExactly(Map.entry("com.acme.Tree#walk", 1000), Map.entry("com.acme.X#y", 5));
    }

    @Test
    void theConfigFileItselfFollowsPrecedence() throws IOException {
        Path fromArgs = propertiesFile("warnAt=0.31");
        Path fromProps = propertiesFile("warnAt=0.32");
        Path fromEnv = propertiesFile("warnAt=0.33");
        AgentConfig c = load("config=" + fromArgs, Map.of("stackwatch.config", fromProps.toString()),
                Map.of("STACKWATCH_CONFIG", fromEnv.toString()));
        assertThat(c.warnAt()).isEqualTo(0.31);
        c = load(null, Map.of("stackwatch.config", fromProps.toString()), Map.of("STACKWATCH_CONFIG", fromEnv.toString()));
        assertThat(c.warnAt()).isEqualTo(0.32);
        c = load(null, Map.of(), Map.of("STACKWATCH_CONFIG", fromEnv.toString()));
        assertThat(c.warnAt()).isEqualTo(0.33);
        assertThat(problems).isEmpty();
    }

    @Test
    void aBadValueInTheFileNamesTheFile() throws IOException {
        Path f = propertiesFile("maxDepth=lots", "action=throw");
        AgentConfig c = load("config=" + f);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("stackwatch: ").contains("maxDepth").contains(f.toString())
                .contains(ConfigKey.MAX_DEPTH.accepted());
        assertThat(c.maxDepth()).isEqualTo(Policy.NO_LIMIT);
        assertThat(c.action()).isEqualTo(AgentConfig.Action.THROW);
    }

    // ------------------------------------------------------------------ config: bad values

    static Stream<Arguments> unreadableConfigs() {
        return Stream.of(
                Arguments.of("a missing file", "missing"),
                Arguments.of("a directory", "dir"),
                Arguments.of("a malformed \\u escape", "malformed"));
    }

    private Path unreadable(String kind) throws IOException {
        switch (kind) {
            case "missing":
                return dir.resolve("does-not-exist.properties");
            case "dir":
                return Files.createDirectories(dir.resolve("a-directory"));
            default:
                return propertiesFile("warnAt=0.5", "bad=\\uZZZZ");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableConfigs")
    void anUnreadableConfigFileIsOneLineAndTheOtherSourcesStillApply(String what, String kind) throws IOException {
        Path f = unreadable(kind);
        AgentConfig c = load("config=" + f + ",action=throw", Map.of("stackwatch.maxDepth", "9"), Map.of());
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("stackwatch: ").contains("config").contains(f.toString());
        assertThat(c.action()).isEqualTo(AgentConfig.Action.THROW);
        assertThat(c.maxDepth()).isEqualTo(9);
        assertThat(c.warnAt()).isEqualTo(0.7);
    }

    @Test
    void anUnreadableConfigFileGivenByEnvironmentIsOneLineAndTheArgumentsStillApply() {
        Path f = dir.resolve("nope.properties");
        AgentConfig c = load("warnAt=0.45", Map.of(), Map.of("STACKWATCH_CONFIG", f.toString()));
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("stackwatch: ").contains("config").contains(f.toString());
        assertThat(c.warnAt()).isEqualTo(0.45);
    }

    @Test
    void anUnreadableConfigFileLineSaysWhatIsAccepted() {
        Path f = dir.resolve("does-not-exist.properties");
        load("config=" + f);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).contains(ConfigKey.CONFIG.accepted());
    }

    // ------------------------------------------------------------------ helpers

    @Test
    void byNameIgnoresCaseDotsUnderscoresAndDashes() {
        assertThat(ConfigKey.byName("WARN_AT")).isEqualTo(ConfigKey.WARN_AT);
        assertThat(ConfigKey.byName("warn-at")).isEqualTo(ConfigKey.WARN_AT);
        assertThat(ConfigKey.byName("GO_INITIAL")).isEqualTo(ConfigKey.GO_INITIAL);
        assertThat(ConfigKey.byName("go.preset")).isEqualTo(ConfigKey.GO_PRESET);
        assertThat(ConfigKey.byName("nope")).isNull();
        assertThat(ConfigKey.all().stream().map(ConfigKey::key).collect(Collectors.toList()))
                .containsExactly("enabled", "include", "exclude", "select", "warnAt", "action", "throwAt", "maxDepth", "limits",
                        "stackSize", "eventLog", "go.initial", "go.guard", "go.max", "go.preset", "trace", "nativeReserve", "native", "config",
                        "prometheus", "reportPages", "logLevel", "log", "logFormat", "otlp", "hostMetrics",
                        "patrol", "patrolDepth", "patrolRatio", "patrolBudget", "threadRate", "threadRateWindow",
                        "threadRateAction", "stackInuse", "stackInuseWindow");
    }
}
