package io.stackwatch.agent.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent's state as an MBean, and its events in a flight recording read back with the JDK's jfr tool. */
class JmxAndJfrIT {

    static final String EVENTS = "io.stackwatch.Warning,io.stackwatch.Interception,io.stackwatch.Overflow,io.stackwatch.GoStackGrowth,"
            + "io.stackwatch.Swallowed,io.stackwatch.GoOverflow,io.stackwatch.TaskWatermark,io.stackwatch.Patrol,io.stackwatch.ThreadRate,"
            + "io.stackwatch.ThreadRateOk,io.stackwatch.StackInuse";
    static final Path JFC = Paths.get(System.getProperty("stackwatch.examples", "../examples"), "jfr", "stackwatch.jfc");

    static Path recording(String name) throws Exception {
        Files.createDirectories(ChildJvm.OUTPUT);
        Path f = Files.createTempFile(ChildJvm.OUTPUT, name + "-", ".jfr");
        Files.delete(f);
        return f.toAbsolutePath();
    }

    /** {@code jfr print --events ...} of the running JDK. */
    static String jfrPrint(Path recording) throws Exception {
        String jfr = Paths.get(System.getProperty("java.home"), "bin", "jfr").toString();
        Process p = new ProcessBuilder(jfr, "print", "--events", EVENTS, recording.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    static int count(String text, String event) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(event) + " \\{").matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void warningsOverflowsAndGrowthsAreJfrEventsAndTheMBeanCountsThem() throws Exception {
        Path jfr = recording("observed");
        ChildJvm.Result r = ChildJvm.withAgent("trace=growth").jvmArg("-XX:StartFlightRecording=filename=" + jfr)
                .run("testapps.ObservedHost");

        assertThat(r.exitCode).as(r.toString()).isZero();
        List<String> mbean = r.stdoutLines().stream().filter(l -> l.startsWith("MBEAN ")).toList();
        assertThat(mbean).as(r.toString()).contains("MBEAN Warnings=1", "MBEAN Overflows=1", "MBEAN Interceptions=0");
        assertThat(mbean).anySatisfy(l -> assertThat(l).matches("MBEAN GoStackGrowths=([1-9]\\d*)"))
                .anySatisfy(l -> assertThat(l).matches("MBEAN GoStackCopiedBytes=([1-9]\\d*)"))
                .anySatisfy(l -> assertThat(l).matches("MBEAN ThreadsTracked=[1-9]\\d*"))
                .anySatisfy(l -> assertThat(l).matches("MBEAN MaxDepth=(43[6-9]|4[4-9]\\d|[5-9]\\d\\d|\\d{4,})"))
                .anySatisfy(l -> assertThat(l).contains("observed-parked (id ").startsWith("MBEAN TopThreads="));

        String events = jfrPrint(jfr);
        assertThat(count(events, "io.stackwatch.Warning")).as(events).isEqualTo(1);
        assertThat(count(events, "io.stackwatch.Overflow")).as(events).isEqualTo(1);
        // The article's model grows an 8 KiB stack by doubling: 8k -> 16k -> ... -> 512k before ~950k is reached.
        assertThat(count(events, "io.stackwatch.GoStackGrowth")).as(events).isGreaterThanOrEqualTo(6);
        assertThat(events).contains("threadName = \"observed-worker\"").contains("method = \"testapps.ObservedHost#runaway\"")
                .contains("reason = \"warnAt\"").containsPattern("goStackSize = 512\\.0 kB");
    }

    @Test
    void theJfcRecordsEveryKindOfEventWithItsThreadCycleAndOrigin() throws Exception {
        Path jfr = recording("jfc");
        String args = "trace=growth,warnAt=0.2,patrol=200ms,patrolDepth=500,stackInuse=64k,stackInuseWindow=1s";
        try (ChildJvm.Running child = ChildJvm.withAgent(args)
                .jvmArg("-XX:StartFlightRecording:settings=" + JFC.toAbsolutePath() + ",filename=" + jfr)
                .start("testapps.MetricsHost", "2000")) {
            child.await(Pattern.compile("^ready", Pattern.MULTILINE), 60);
            child.await(Pattern.compile("patrol: thread"), 30);
            child.await(Pattern.compile("stack in use: "), 30);
            child.stop();
        }
        String events = jfrPrint(jfr);
        assertThat(count(events, "io.stackwatch.Warning")).as(events).isEqualTo(2);
        assertThat(count(events, "io.stackwatch.Overflow")).as(events).isEqualTo(1);
        assertThat(count(events, "io.stackwatch.GoOverflow")).as(events).isGreaterThanOrEqualTo(1);
        assertThat(count(events, "io.stackwatch.GoStackGrowth")).as(events).isGreaterThanOrEqualTo(6);
        assertThat(count(events, "io.stackwatch.Patrol")).as(events).isGreaterThanOrEqualTo(1);
        assertThat(count(events, "io.stackwatch.StackInuse")).as(events).isGreaterThanOrEqualTo(1);
        assertThat(events).contains("cycle = \"testapps.MetricsHost#runaway\"", "origin = \"testapps.MetricsHost#lambda$main$1:46 <- java.lang.Thread#run")
                .contains("cycle = \"testapps.MetricsHost#parked\"")
                .containsPattern("threadName = \"runaway-worker\"\\s+javaThreadId = \\d+");
        // The parked thread is alive when its warning is committed: the typed thread names it.
        assertThat(events).containsPattern("io.stackwatch.Warning \\{\\s+startTime = .*\\n\\s+thread = \"evil\"thread");
        assertThat(events).containsPattern("io.stackwatch.Patrol \\{\\s+startTime = .*\\n\\s+thread = \"evil\"thread");
        assertThat(events).contains("details = \"{\"ts\":");
    }

    @Test
    void theMBeanWaitsForAnApplicationsOwnLogManagerThatLoadsLate() throws Exception {
        // A log manager class the application can load only after its own start-up: compiled here, off the class path.
        Path dir = Files.createTempDirectory(Files.createDirectories(ChildJvm.OUTPUT), "late-log-manager-");
        Path source = dir.resolve("LateLogManager.java");
        Files.writeString(source, "public class LateLogManager extends java.util.logging.LogManager {}\n");
        javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        assertThat(javac.run(null, null, null, "-d", dir.toString(), source.toString())).isZero();

        ChildJvm.Result r = ChildJvm.withAgent("").jvmArg("-Djava.util.logging.manager=LateLogManager")
                .run("testapps.LateLogManagerHost", dir.toString());

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).as(r.toString()).contains("logManager=LateLogManager").contains("mbean=true");
        assertThat(r.stderr).contains("waits until the application's log manager LateLogManager has loaded");
    }

    @Test
    void anInterceptionIsAJfrEvent() throws Exception {
        Path jfr = recording("intercepted");
        ChildJvm.Result r = ChildJvm.withAgent("action=throw").jvmArg("-XX:StartFlightRecording=filename=" + jfr)
                .run("testapps.ObservedHost", "Interceptions");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).as(r.toString()).contains("StackDepthExceededError").contains("MBEAN Interceptions=1")
                .contains("MBEAN Overflows=0");
        String events = jfrPrint(jfr);
        assertThat(count(events, "io.stackwatch.Interception")).as(events).isEqualTo(1);
        assertThat(count(events, "io.stackwatch.Overflow")).as(events).isZero();
        assertThat(events).contains("reason = \"throwAt\"").contains("method = \"testapps.ObservedHost#runaway\"")
                .contains("threadName = \"observed-worker\"");
    }
}
