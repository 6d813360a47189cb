package io.stackwatch.agent.livereport;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The on-demand report of every thread (Go's SIGQUIT goroutine dump): plain functions returning
 * text or JSON, behind the {@code report} command, the JMX operation and the {@code /stackwatch} page.
 */
public final class LiveReport {

    /** Frames read of every thread in the first pass; deeper threads are read again in full. */
    static final int FIRST_PASS_FRAMES = 256;
    /** Time the full reads of deep threads may take per report. */
    static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final ThreadSampler sampler;

    public LiveReport(ThreadSampler sampler) {
        this.sampler = sampler;
    }

    public String text() {
        List<ThreadRow> rows = sampler.sample(FIRST_PASS_FRAMES, BUDGET_NANOS);
        return ReportText.of(rows, Instant.now());
    }

    public String json() {
        List<ThreadRow> rows = sampler.sample(FIRST_PASS_FRAMES, BUDGET_NANOS);
        return ReportJson.of(rows, Instant.now());
    }
}
