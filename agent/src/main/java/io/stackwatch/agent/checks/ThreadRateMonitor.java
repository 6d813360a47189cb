package io.stackwatch.agent.checks;

import io.stackwatch.agent.config.Durations;
import io.stackwatch.agent.events.AgentNotes;
import io.stackwatch.agent.json.JsonWriter;
import io.stackwatch.core.threads.ThreadStartBreaker;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.Locale;

/**
 * Go's "NumGoroutine grows by more than 1000/s": samples the JVM's count of platform threads ever
 * started once a second and averages the rate over {@code threadRateWindow}. Over {@code threadRate}
 * it warns once per excursion and, with {@code threadRateAction=reject}, opens the thread-start
 * breaker until the rate falls back. No instrumentation is needed to measure: only to refuse.
 */
public final class ThreadRateMonitor implements Runnable {

    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    private final AgentNotes pump;
    private final int limitPerSecond;
    private final long windowMillis;
    private final boolean reject;
    private final long[] counts;
    private final long[] times;
    private int samples;
    private boolean alarmed;

    public ThreadRateMonitor(AgentNotes pump, int limitPerSecond, long windowMillis, boolean reject) {
        this.pump = pump;
        this.limitPerSecond = limitPerSecond;
        this.windowMillis = windowMillis;
        this.reject = reject;
        int slots = (int) Math.max(2, windowMillis / 1000 + 1);
        this.counts = new long[slots];
        this.times = new long[slots];
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        long total = mx.getTotalStartedThreadCount();
        int slot = samples % counts.length;
        counts[slot] = total;
        times[slot] = now;
        samples++;
        if (samples < 2) {
            return;
        }
        int oldest = samples >= counts.length ? samples % counts.length : 0;
        double seconds = (now - times[oldest]) / 1e9;
        double rate = seconds > 0 ? (total - counts[oldest]) / seconds : 0;
        ThreadFigures.rate(total, rate);
        // Judge only over a full window, so that a short burst of a few threads does not trip the alarm.
        boolean fullWindow = seconds * 1000 >= windowMillis * 0.9;
        if (fullWindow && rate > limitPerSecond) {
            if (!alarmed) {
                alarmed = true;
                ThreadFigures.rateAlarm();
                String why = String.format(Locale.ROOT, "%.0f platform threads started per second over the last %s, over threadRate=%d",
                        rate, Durations.format(windowMillis), limitPerSecond);
                if (reject) {
                    ThreadStartBreaker.open(why);
                }
                pump.note(true, "thread start rate: " + why + (reject ? "; refusing new platform threads until it falls back (threadRateAction=reject)" : ""),
                        json("thread-rate", rate, total, reject).endObject().toString());
            }
        } else if (alarmed && rate <= limitPerSecond) {
            alarmed = false;
            if (reject) {
                ThreadStartBreaker.close();
            }
            pump.note(false, String.format(Locale.ROOT, "thread start rate back to %.0f per second (threadRate=%d)%s", rate,
                    limitPerSecond, reject ? "; platform threads start again" : ""),
                    json("thread-rate-ok", rate, total, false).endObject().toString());
        }
    }

    private JsonWriter json(String type, double rate, long total, boolean rejecting) {
        return JsonWriter.object().field("ts", Instant.now().toString()).field("type", type).field("reason", "threadRate")
                .field("limit", (long) limitPerSecond).field("rate", rate, 4).field("windowMillis", windowMillis)
                .field("threadsStarted", total).field("rejecting", rejecting).field("refused", ThreadStartBreaker.refused());
    }

    /** Leaves the breaker closed (detach). */
    public void close() {
        ThreadStartBreaker.close();
    }
}
