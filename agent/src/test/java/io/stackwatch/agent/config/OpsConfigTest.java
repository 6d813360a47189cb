package io.stackwatch.agent.config;

import io.stackwatch.agent.scan.ScanFile;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The keys of the operational checks: patrol, thread start rate, stack in use. */
class OpsConfigTest {

    private final List<String> problems = new ArrayList<>();

    private OpsConfig load(String args) {
        return ConfigLoader.load(args, Map.of(), Map.of(), ScanFile.READER, problems::add).ops();
    }

    @Test
    void everyCheckIsOffByDefaultWithTheDocumentedLines() {
        OpsConfig ops = load("");
        assertThat(ops.patrolMillis()).isZero();
        assertThat(ops.patrolDepth()).isEqualTo(2000);
        assertThat(ops.patrolRatio()).isEqualTo(0.7);
        assertThat(ops.patrolBudgetMillis()).isEqualTo(200);
        assertThat(ops.threadRate()).isZero();
        assertThat(ops.threadRateWindowMillis()).isEqualTo(10_000);
        assertThat(ops.rejectThreadStarts()).isFalse();
        assertThat(ops.stackInuseBytes()).isZero();
        assertThat(ops.stackInuseWindowMillis()).isEqualTo(60_000);
        assertThat(problems).isEmpty();
    }

    @Test
    void acceptsIntervalsSizesAndCountsAndPatrolRatioFollowsWarnAt() {
        OpsConfig ops = load("patrol=30s,patrolDepth=5000,patrolBudget=1s,threadRate=1000,threadRateWindow=1m,"
                + "threadRateAction=REJECT,stackInuse=50m,stackInuseWindow=90s,warnAt=0.6");
        assertThat(ops.patrolMillis()).isEqualTo(30_000);
        assertThat(ops.patrolDepth()).isEqualTo(5000);
        assertThat(ops.patrolRatio()).isEqualTo(0.6);
        assertThat(ops.patrolBudgetMillis()).isEqualTo(1000);
        assertThat(ops.threadRate()).isEqualTo(1000);
        assertThat(ops.threadRateWindowMillis()).isEqualTo(60_000);
        assertThat(ops.rejectThreadStarts()).isTrue();
        assertThat(ops.stackInuseBytes()).isEqualTo(50L * 1024 * 1024);
        assertThat(ops.stackInuseWindowMillis()).isEqualTo(90_000);
        assertThat(load("patrol=500ms,patrolRatio=0.5").patrolRatio()).isEqualTo(0.5);
        assertThat(load("patrol=off").patrolMillis()).isZero();
        assertThat(problems).isEmpty();
    }

    @Test
    void aBadValueIsOneLineNamingTheKeyAndKeepsTheDefault() {
        OpsConfig ops = load("patrol=soon,patrolDepth=-3,threadRate=fast,threadRateWindow=10ms,threadRateAction=block,"
                + "stackInuse=lots,patrolRatio=2");
        assertThat(ops.patrolMillis()).isZero();
        assertThat(ops.patrolDepth()).isEqualTo(2000);
        assertThat(ops.threadRate()).isZero();
        assertThat(ops.threadRateWindowMillis()).isEqualTo(10_000);
        assertThat(ops.rejectThreadStarts()).isFalse();
        assertThat(ops.stackInuseBytes()).isZero();
        assertThat(problems).containsExactlyInAnyOrder(
                "stackwatch: ignoring patrol=\"soon\" from agent arguments: expected an interval such as 30s, 500ms or 5m, or 'off'; using off",
                "stackwatch: ignoring patrolDepth=\"-3\" from agent arguments: expected a whole number of real frames, at least 1; using 2000",
                "stackwatch: ignoring patrolRatio=\"2\" from agent arguments: expected a fraction of the stack above 0 and at most 1, e.g. 0.7; using 0.7",
                "stackwatch: ignoring threadRate=\"fast\" from agent arguments: expected a whole number of thread starts per second, at least 1; using no thread-rate alarm",
                "stackwatch: ignoring threadRateWindow=\"10ms\" from agent arguments: expected a window such as 10s or 1m (at least 1s); using 10s",
                "stackwatch: ignoring threadRateAction=\"block\" from agent arguments: expected 'warn' or 'reject'; using warn",
                "stackwatch: ignoring stackInuse=\"lots\" from agent arguments: expected a size such as 64m or 512m; using no stack-in-use alarm");
    }

    @Test
    void rejectWithoutAThreadRateIsRefusedInOneLine() {
        assertThat(load("threadRateAction=reject").rejectThreadStarts()).isFalse();
        assertThat(problems).containsExactly("stackwatch: ignoring threadRateAction=reject: it needs threadRate (a whole number "
                + "of thread starts per second, at least 1); no thread start is refused");
    }

    @Test
    void theSettingsLineNamesTheChecksThatAreOn() {
        AgentConfig c = ConfigLoader.load("patrol=30s,threadRate=100,threadRateAction=reject,stackInuse=64m", Map.of(), Map.of(),
                ScanFile.READER, problems::add);
        assertThat(c.summary()).endsWith(" patrol=30s patrolDepth=2000 patrolRatio=0.7 threadRate=100/s over 10s "
                + "threadRateAction=reject stackInuse=67108864 over 1m");
    }
}
