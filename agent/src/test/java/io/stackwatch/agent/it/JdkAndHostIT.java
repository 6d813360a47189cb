package io.stackwatch.agent.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** JDK classes on request, a host with its own logging and Byte Buddy, and bad arguments. */
class JdkAndHostIT {

    @Test
    void includeJavaUtilRegexCatchesARecursionInsideTheJdk() throws Exception {
        Path log = ChildJvm.eventLog("regex");
        ChildJvm.Result r = ChildJvm.withAgent("include=java.util.regex.**,eventLog=" + log).run("testapps.RegexRecursion");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).as(r.toString()).contains("overflow java.lang.StackOverflowError").contains("trackerDepth=0");
        EventLog events = EventLog.read(log);
        List<String> types = events.typesOf("regex-worker");
        assertThat(types.indexOf("warn")).as(events.toString()).isNotNegative().isLessThan(types.indexOf("overflow"));
        assertThat(events.ofType("warn").get(0).get("method").asText()).startsWith("java.util.regex.Pattern$");
        assertThat(events.ofType("warn").get(0).get("origin").toString()).contains("testapps.RegexRecursion");
    }

    @Test
    void aHostWithItsOwnSlf4jLogbackAndByteBuddyKeepsItsLoggingUntouched() throws Exception {
        ChildJvm.Result r = ChildJvm.withAgent("").hostLibs().run("testapps.LoggingHost");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).as(r.toString())
                .contains("HOST|INFO|LoggingHost|host says hello")
                .contains("loggerFactory=ch.qos.logback.classic.LoggerContext")
                .contains("hostByteBuddy=byte-buddy-1.17.8.jar")
                .contains("hostMadeClass=java.lang.Object")
                .contains("HOST|WARN|LoggingHost|host caught an overflow")
                .contains("HOST|INFO|LoggingHost|host still logging")
                .doesNotContain("host debug is off")
                .doesNotContain("stackwatch");
        // The agent's own lines went to standard error in its own format, and its warning came.
        assertThat(r.stderr).as(r.toString()).contains("stackwatch INFO  stackwatch").contains("WARN  thread \"host-worker\"")
                .doesNotContain("HOST|");
    }

    @Test
    void badArgumentsAreReportedOneLineEachAndTheHostStillRuns() throws Exception {
        ChildJvm.Result r = ChildJvm.withAgent("warnAt=1.5,action=explode,nonsense,colour=blue,maxDepth=-3,stackSize=tiny")
                .run("testapps.PlainHost");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).contains("host ran fib=6765");
        List<String> problems = r.stderr.lines().filter(l -> l.startsWith("stackwatch: ")).toList();
        assertThat(problems).as(r.toString()).hasSize(6);
        assertThat(problems).anySatisfy(l -> assertThat(l).contains("warnAt=\"1.5\"").contains("fraction"));
        assertThat(problems).anySatisfy(l -> assertThat(l).contains("action=\"explode\"").contains("'warn' or 'throw'"));
        assertThat(problems).anySatisfy(l -> assertThat(l).contains("\"nonsense\"").contains("key=value"));
        assertThat(problems).anySatisfy(l -> assertThat(l).contains("unknown key \"colour\""));
        assertThat(problems).anySatisfy(l -> assertThat(l).contains("maxDepth=\"-3\""));
        assertThat(problems).anySatisfy(l -> assertThat(l).contains("stackSize=\"tiny\""));
        // The usable rest of the configuration still applied: the agent started.
        assertThat(r.stderr).contains("stackwatch INFO  stackwatch");
    }

    @Test
    void anUnreadableConfigFileIsOneLineAndTheHostStillRuns() throws Exception {
        ChildJvm.Result r = ChildJvm.withAgent("config=/nonexistent/stackwatch.properties").run("testapps.PlainHost");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).contains("host ran");
        assertThat(r.stderr).contains("stackwatch: cannot read config=/nonexistent/stackwatch.properties");
    }

    @Test
    void withAnIncludeACycleAcrossTopLevelClassesOfOneCodeSourceIsInstrumented() throws Exception {
        Path log = ChildJvm.eventLog("cross-class");
        ChildJvm.Result r = ChildJvm.withAgent("include=testapps.Cross*,eventLog=" + log).run("testapps.CrossClassRecursion");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).as(r.toString()).contains("overflow java.lang.StackOverflowError").contains("trackerDepth=0");
        EventLog events = EventLog.read(log);
        List<String> types = events.typesOf("cross-class");
        assertThat(types.indexOf("warn")).as(events.toString()).isNotNegative().isLessThan(types.indexOf("overflow"));
        assertThat(events.ofType("warn").get(0).get("cycle").toString())
                .contains("testapps.CrossFirst#visit", "testapps.CrossSecond#accept", "testapps.CrossThird#dispatch");
        // One of the three methods is counted per round: the depth counts rounds, a third of the real
        // frames (which also hold the few frames below the cycle).
        var warn = events.ofType("warn").get(0);
        long depth = warn.get("depth").asLong();
        long frames = warn.get("frames").asLong();
        assertThat(depth).as(warn.toString()).isPositive();
        assertThat(frames - 3 * depth).as(warn.toString()).isBetween(-3L, 40L);
    }
}
