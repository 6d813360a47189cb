package io.stackwatch.agent.checks;

import io.stackwatch.agent.config.Durations;
import io.stackwatch.agent.events.AgentNotes;
import io.stackwatch.agent.json.JsonWriter;
import io.stackwatch.core.tracking.LiveThreads;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Go's "StackInuse above 50 MB for a while means a leak": sums the Go model's stack sizes over the
 * live tracked threads (Go's StackInuse in the model) and reads the JVM's committed thread-stack
 * memory from Native Memory Tracking when it is on. When either stays above {@code stackInuse} for
 * {@code stackInuseWindow}, it warns once, and again only after falling below.
 */
public final class StackInuseMonitor implements Runnable {

    /** NMT summaries are read at most this often (one costs a few milliseconds). */
    static final long NMT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final AgentNotes pump;
    private final long limitBytes;
    private final long windowNanos;
    private final NativeMemoryStacks nmt = new NativeMemoryStacks();
    private long nmtBytes = -1;
    private long nmtReadAt;
    private long aboveSince = -1;
    private boolean alarmed;
    /** NMT is read through the platform MBean server: only once creating it is safe (see SafeRegistration). */
    private volatile boolean jmxReady;

    public StackInuseMonitor(AgentNotes pump, long limitBytes, long windowMillis) {
        this.pump = pump;
        this.limitBytes = limitBytes;
        this.windowNanos = TimeUnit.MILLISECONDS.toNanos(windowMillis);
    }

    /** From now on Native Memory Tracking may be read. */
    public void jmxReady() {
        jmxReady = true;
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        long[] sum = new long[2];
        LiveThreads.forEach(s -> {
            sum[0] += s.go().sizeBytes();
            sum[1]++;
        });
        if (jmxReady && (nmtReadAt == 0 || now - nmtReadAt >= NMT_EVERY_NANOS)) {
            nmtBytes = nmt.committedBytes();
            nmtReadAt = now;
        }
        ThreadFigures.inuse(sum[0], nmtBytes);
        if (limitBytes <= 0) {
            return;
        }
        long worst = Math.max(sum[0], nmtBytes);
        if (worst > limitBytes) {
            if (aboveSince < 0) {
                aboveSince = now;
            }
            if (!alarmed && now - aboveSince >= windowNanos) {
                alarmed = true;
                ThreadFigures.inuseAlarm();
                String source = nmtBytes > sum[0] ? "committed thread stacks (Native Memory Tracking)" : "the Go model's stacks";
                pump.note(true, "stack in use: " + worst + " bytes of " + source + " for over "
                                + Durations.format(TimeUnit.NANOSECONDS.toMillis(windowNanos)) + ", above stackInuse=" + limitBytes
                                + " (model " + sum[0] + " bytes over " + sum[1] + " tracked threads; NMT "
                                + (nmtBytes < 0 ? "off" : nmtBytes + " bytes committed") + ")",
                        JsonWriter.object().field("ts", Instant.now().toString()).field("type", "stack-inuse").field("reason", "stackInuse")
                                .field("limit", limitBytes).field("windowMillis", TimeUnit.NANOSECONDS.toMillis(windowNanos))
                                .field("modelBytes", sum[0]).field("trackedThreads", sum[1]).field("nmtCommittedBytes", nmtBytes)
                                .endObject().toString());
            }
        } else {
            aboveSince = -1;
            alarmed = false;
        }
    }
}
