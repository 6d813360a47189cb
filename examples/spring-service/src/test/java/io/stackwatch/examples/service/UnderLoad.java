package io.stackwatch.examples.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load test both service ITs run: warm-up, a benign-only baseline, the attack (benign requests
 * at a steady rate with hostile ones mixed in), then a benign-only recovery phase. Quick form in the
 * normal build (10 s of attack); {@code -Dstackwatch.long=true} runs the 60 s form.
 */
final class UnderLoad {

    static final boolean LONG = Boolean.getBoolean("stackwatch.long");
    static final Duration ATTACK = Duration.ofSeconds(LONG ? 60 : 10);
    static final Duration WARM_UP = Duration.ofSeconds(LONG ? 10 : 3);
    static final Duration CALM = Duration.ofSeconds(LONG ? 10 : 3);
    static final int BENIGN_PER_SECOND = 100;
    static final int HOSTILE_PER_SECOND = 2;
    static final int HOSTILE_DEPTH = 100_000;
    static final Path REPORT = Path.of("target", "load-report.md");

    /** What recovery is measured against. */
    record Result(Phase baseline, Phase attack, Phase recovery, double heapBeforeMb, double heapAfterMb, double busyAfter) {
    }

    private UnderLoad() {
    }

    static Result run(ServiceProcess service, String mode) throws IOException, InterruptedException {
        LoadGenerator load = new LoadGenerator(service, Expressions.nested(HOSTILE_DEPTH));
        Phase warmUp = load.run("warm-up", WARM_UP, BENIGN_PER_SECOND, 0);
        assertThat(warmUp.benignFailed()).as(warmUp.toString()).isZero();
        Phase baseline = load.run("baseline", CALM, BENIGN_PER_SECOND, 0);
        double heapBefore = heapAfterGcMb(service);

        Phase attack = load.run("attack", ATTACK, BENIGN_PER_SECOND, HOSTILE_PER_SECOND);
        double busy = busyThreadsOnceSettled(service);
        double heapAfter = heapAfterGcMb(service);
        Phase recovery = load.run("recovery", CALM, BENIGN_PER_SECOND, 0);

        Result r = new Result(baseline, attack, recovery, heapBefore, heapAfter, busy);
        report(mode, r);
        return r;
    }

    /** Heap in use right after a full collection, from the service's own Micrometer meters. */
    private static double heapAfterGcMb(ServiceProcess service) throws IOException, InterruptedException {
        service.collectGarbage();
        Prometheus p = new Prometheus(service.get("/actuator/prometheus").body());
        return p.sum("jvm_memory_used_bytes", "area=\"heap\"").orElseThrow() / (1024 * 1024);
    }

    /** Tomcat's busy worker threads, polled for up to ten seconds until only the scrape itself is busy. */
    private static double busyThreadsOnceSettled(ServiceProcess service) throws IOException, InterruptedException {
        double busy = Double.NaN;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Prometheus p = new Prometheus(service.get("/actuator/prometheus").body());
            busy = p.sum("tomcat_threads_busy_threads", "").orElseThrow();
            if (busy <= 1) {
                return busy;
            }
            Thread.sleep(200);
        }
        return busy;
    }

    private static void report(String mode, Result r) throws IOException {
        String text = String.format(Locale.ROOT, "%s, %s, JDK %s, %d s of attack at %d benign/s + %d hostile/s (nested %,d deep):%n"
                        + "  %s%n  %s%n  %s%n  heap after full GC: %.1f MiB before the attack, %.1f MiB after; busy Tomcat threads after: %.0f%n",
                Instant.now(), mode, System.getProperty("java.version"), ATTACK.toSeconds(), BENIGN_PER_SECOND,
                HOSTILE_PER_SECOND, HOSTILE_DEPTH, r.baseline(), r.attack(), r.recovery(), r.heapBeforeMb(),
                r.heapAfterMb(), r.busyAfter());
        System.out.print(text);
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Every benign request answered right in every phase; threads, heap and latency back after the attack. */
    static void assertRecovered(Result r) {
        for (Phase p : new Phase[] {r.baseline(), r.attack(), r.recovery()}) {
            assertThat(p.benignFailed()).as(p.toString()).isZero();
            assertThat(p.benignOk()).as(p.toString()).isEqualTo(p.benignSent.get());
        }
        assertThat(r.attack().hostileSent.get()).as(r.attack().toString()).isGreaterThanOrEqualTo(ATTACK.toSeconds());
        assertThat(r.busyAfter()).as("busy Tomcat threads after the attack").isLessThanOrEqualTo(1);
        assertThat(r.heapAfterMb()).as("heap after GC, MiB, against %.1f before", r.heapBeforeMb())
                .isLessThan(r.heapBeforeMb() + 48);
        // The median and p90, not p99: on a shared 2-core machine a stall of a few hundred ms hits 1% of
        // requests in any phase, with or without the agent. A service that has not recovered moves both.
        assertThat(r.recovery().benignMillis(50)).as("recovery p50 against baseline: %s / %s", r.recovery(), r.baseline())
                .isLessThan(2 * r.baseline().benignMillis(50) + 10);
        assertThat(r.recovery().benignMillis(90)).as("recovery p90 against baseline: %s / %s", r.recovery(), r.baseline())
                .isLessThan(3 * r.baseline().benignMillis(90) + 50);
    }
}
