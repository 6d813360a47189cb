package io.stackwatch.agent.metrics;

import io.stackwatch.core.tracking.MethodRegistry;
import io.stackwatch.core.tracking.Policy;
import io.stackwatch.core.tracking.StackCapacityProbe;
import io.stackwatch.core.tracking.Tracker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The figures the meters show, read from real tracked threads parked at known depths. */
class LiveReadingsTest {

    private static final long CAPACITY = 1_000_000;
    private static final int FRAME = 1000;

    private final CountDownLatch release = new CountDownLatch(1);
    private final List<Thread> threads = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        for (Thread t : threads) {
            t.join(10_000);
        }
        Tracker.install(Policy.builder().build(), StackCapacityProbe.DEFAULT);
    }

    /** Starts a thread that enters the tracker {@code depth} times, as instrumented code would, and parks. */
    private void parkAt(String name, int depth, CountDownLatch parked) {
        int method = MethodRegistry.register("demo.Live#walk");
        Thread t = new Thread(() -> {
            for (int i = 0; i < depth; i++) {
                Tracker.enter(method, FRAME);
            }
            parked.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    @Test
    void readsTheDeepestThreadTheHighestRatioAndTheSimulatedStacksOfTheLiveThreads() throws Exception {
        Tracker.install(Policy.builder().warnAt(0.99).nativeReadings(false).build(), new StackCapacityProbe() {
            @Override
            public long capacityBytes(Thread thread) {
                return CAPACITY;
            }

            @Override
            public boolean isVirtual(Thread thread) {
                return false;
            }
        });
        CountDownLatch parked = new CountDownLatch(7);
        parkAt("live-shallow", 20, parked);
        parkAt("live-deep", 600, parked);
        parkAt("live-middle", 300, parked);
        String longName = "live-" + "x".repeat(300);
        parkAt(longName, 100, parked);
        for (int i = 0; i < 3; i++) {
            parkAt("live-small-" + i, 30 + i, parked);
        }
        assertThat(parked.await(30, TimeUnit.SECONDS)).isTrue();

        LiveReadings.Reading r = new LiveReadings().now();

        assertThat(r.threads()).isGreaterThanOrEqualTo(7);
        assertThat(r.maxDepth()).isGreaterThanOrEqualTo(600);
        assertThat(r.maxUsageRatio()).isGreaterThanOrEqualTo(0.6);
        assertThat(r.stackInuseBytes()).isGreaterThanOrEqualTo((20 + 600 + 300 + 100 + 30 + 31 + 32) * (long) FRAME);
        // The article's model doubles from 8 KiB: 300,000 bytes sit in 512 KiB, 100,000 in 128 KiB; 600,000 would
        // need 1 MiB, more than the 1,000,000-byte maximum, so that model stopped at 512 KiB (Go's fatal overflow).
        assertThat(r.goStackInuseBytes()).isGreaterThanOrEqualTo(512 * 1024 + 512 * 1024 + 128 * 1024);
        List<LiveReadings.ThreadPeak> top = r.topPeaks();
        assertThat(top).hasSize(LiveReadings.TOP_THREADS);
        assertThat(top.get(0).thread()).isEqualTo("live-deep");
        assertThat(top.get(0).depth()).isEqualTo(600);
        assertThat(top.get(0).ratio()).isEqualTo(0.6);
        assertThat(top.get(1).thread()).isEqualTo("live-middle");
        assertThat(top.get(2).thread()).hasSize(LiveReadings.ThreadPeak.MAX_NAME).startsWith("live-xxx").endsWith("\u2026");
        assertThat(top).extracting(LiveReadings.ThreadPeak::ratio).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void aReadingIsReusedForAQuarterSecondSoOneScrapeWalksTheThreadsOnce() throws Exception {
        LiveReadings live = new LiveReadings();
        LiveReadings.Reading first = live.now();
        assertThat(live.now()).isSameAs(first);
        Thread.sleep(LiveReadings.MAX_AGE_NANOS / 1_000_000 + 50);
        assertThat(live.now()).isNotSameAs(first);
    }
}
