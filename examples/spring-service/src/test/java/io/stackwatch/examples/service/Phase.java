package io.stackwatch.examples.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** What one phase of load saw: counts, failures (the first few, described) and latencies. */
final class Phase {

    final String name;
    final Duration duration;
    final AtomicLong benignSent = new AtomicLong();
    final AtomicLong hostileSent = new AtomicLong();
    long sendingNanos;
    private final List<Long> benignLatencies = new ArrayList<>();
    private final List<Long> hostileLatencies = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final List<String> hostileOthers = new ArrayList<>();
    private long failureCount;
    private long hostileOtherCount;

    Phase(String name, Duration duration) {
        this.name = name;
        this.duration = duration;
    }

    synchronized void benignOk(long nanos) {
        benignLatencies.add(nanos);
    }

    synchronized void hostileRefused(long nanos) {
        hostileLatencies.add(nanos);
    }

    synchronized void failure(String what) {
        failureCount++;
        if (failures.size() < 10) {
            failures.add(what);
        }
    }

    synchronized void hostileOther(String what) {
        hostileOtherCount++;
        if (hostileOthers.size() < 10) {
            hostileOthers.add(what);
        }
    }

    synchronized long benignOk() {
        return benignLatencies.size();
    }

    synchronized long benignFailed() {
        return failureCount;
    }

    synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    synchronized long hostileRefused() {
        return hostileLatencies.size();
    }

    synchronized long hostileNotRefused() {
        return hostileOtherCount;
    }

    synchronized List<String> hostileOthers() {
        return List.copyOf(hostileOthers);
    }

    /** Benign answers per second over the time requests were being sent. */
    synchronized double benignPerSecond() {
        return benignLatencies.size() / (sendingNanos / 1e9);
    }

    synchronized double benignMillis(double percentile) {
        return percentile(benignLatencies, percentile);
    }

    synchronized double hostileMillis(double percentile) {
        return percentile(hostileLatencies, percentile);
    }

    private static double percentile(List<Long> nanos, double p) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    @Override
    public synchronized String toString() {
        return String.format(Locale.ROOT,
                "%s (%d s): benign %d sent, %d ok, %d failed, %.1f/s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms; "
                        + "hostile %d sent, %d refused with 422, %d otherwise, p50 %.2f ms, p99 %.2f ms%s%s",
                name, duration.toSeconds(), benignSent.get(), benignOk(), failureCount, benignPerSecond(),
                benignMillis(50), benignMillis(90), benignMillis(99), hostileSent.get(), hostileRefused(), hostileOtherCount,
                hostileMillis(50), hostileMillis(99),
                failures.isEmpty() ? "" : "; failures: " + failures,
                hostileOthers.isEmpty() ? "" : "; hostile not refused: " + hostileOthers);
    }
}
