package io.stackwatch.examples.service;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An open-model load: requests leave at a fixed rate whatever the answers do, each timed from the
 * moment it was due (so a stalled service shows in the latency instead of slowing the client).
 * Benign expressions check their value; hostile ones must be refused with the 422 the service's
 * error handler gives for an overflow.
 */
final class LoadGenerator {

    private final ServiceProcess service;
    private final String hostile;
    private final Random random = new Random(42);

    LoadGenerator(ServiceProcess service, String hostile) {
        this.service = service;
        this.hostile = hostile;
    }

    /** Sends benign requests at {@code benignPerSecond} and, if {@code hostilePerSecond > 0}, hostile ones, for the duration. */
    Phase run(String name, Duration duration, int benignPerSecond, int hostilePerSecond) throws InterruptedException {
        Phase phase = new Phase(name, duration);
        List<CompletableFuture<?>> inFlight = Collections.synchronizedList(new ArrayList<>());
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "load-ticker");
            t.setDaemon(true);
            return t;
        });
        try {
            long benignPeriod = 1_000_000_000L / benignPerSecond;
            ScheduledFuture<?> benign = ticker.scheduleAtFixedRate(() -> inFlight.add(sendBenign(phase)), 0, benignPeriod,
                    TimeUnit.NANOSECONDS);
            ScheduledFuture<?> bad = null;
            if (hostilePerSecond > 0) {
                long hostilePeriod = 1_000_000_000L / hostilePerSecond;
                bad = ticker.scheduleAtFixedRate(() -> inFlight.add(sendHostile(phase)), hostilePeriod / 2, hostilePeriod,
                        TimeUnit.NANOSECONDS);
            }
            long start = System.nanoTime();
            Thread.sleep(duration.toMillis());
            benign.cancel(false);
            if (bad != null) {
                bad.cancel(false);
            }
            phase.sendingNanos = System.nanoTime() - start;
        } finally {
            ticker.shutdown();
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        }
        List<CompletableFuture<?>> all;
        synchronized (inFlight) {
            all = new ArrayList<>(inFlight);
        }
        try {
            CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            phase.failure("not all answers came within 60 s of the end: " + e);
        }
        return phase;
    }

    private CompletableFuture<?> sendBenign(Phase phase) {
        Expressions.Benign b;
        synchronized (random) {
            b = Expressions.benign(random);
        }
        long due = System.nanoTime();
        phase.benignSent.incrementAndGet();
        return service.http.sendAsync(service.evaluateRequest(b.text()), HttpResponse.BodyHandlers.ofString())
                .handle((r, e) -> {
                    long latency = System.nanoTime() - due;
                    if (e != null) {
                        phase.failure("benign " + b.text() + ": " + e);
                    } else if (r.statusCode() != 200 || !r.body().equals(Long.toString(b.value()))) {
                        phase.failure("benign " + b.text() + " = " + b.value() + ": got " + r.statusCode() + " " + r.body());
                    } else {
                        phase.benignOk(latency);
                    }
                    return null;
                });
    }

    private CompletableFuture<?> sendHostile(Phase phase) {
        long due = System.nanoTime();
        phase.hostileSent.incrementAndGet();
        return service.http.sendAsync(service.evaluateRequest(hostile), HttpResponse.BodyHandlers.ofString())
                .handle((r, e) -> {
                    long latency = System.nanoTime() - due;
                    if (e == null && r.statusCode() == 422 && r.body().startsWith("expression nested too deeply")) {
                        phase.hostileRefused(latency);
                    } else {
                        phase.hostileOther(e != null ? e.toString() : r.statusCode() + " " + r.body());
                    }
                    return null;
                });
    }
}
