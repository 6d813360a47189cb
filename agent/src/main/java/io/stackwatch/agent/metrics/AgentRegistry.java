package io.stackwatch.agent.metrics;

import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.ArrayList;
import java.util.List;

/**
 * The agent's own Micrometer (shaded), a Prometheus registry: what the {@code prometheus=} endpoint
 * serves. The per-thread peaks carry the thread's name here, for the few top threads only, and are
 * rewritten on every scrape so that a thread that died or fell back leaves no series behind.
 */
public final class AgentRegistry {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final StackwatchMeters meters;
    private final MultiGauge peakRatio;
    private final MultiGauge peakDepth;

    public AgentRegistry(StackwatchMeters meters) {
        this.meters = meters;
        new MeterBinding(registry).bind(meters);
        peakRatio = MultiGauge.builder(StackwatchMeters.PEAK_RATIO).description(StackwatchMeters.PEAK_RATIO_DESCRIPTION)
                .register(registry);
        peakDepth = MultiGauge.builder(StackwatchMeters.PEAK_DEPTH).description(StackwatchMeters.PEAK_DEPTH_DESCRIPTION)
                .register(registry);
    }

    /** The Prometheus text format (0.0.4) of every meter now. */
    public String scrape() {
        meters.checkLate();
        refreshPeaks();
        return registry.scrape();
    }

    private void refreshPeaks() {
        List<MultiGauge.Row<?>> ratios = new ArrayList<>();
        List<MultiGauge.Row<?>> depths = new ArrayList<>();
        int rank = 1;
        for (LiveReadings.ThreadPeak p : meters.topPeaks()) {
            Tags tags = Tags.of("rank", String.valueOf(rank++), "thread", p.thread());
            ratios.add(MultiGauge.Row.of(tags, p.ratio()));
            depths.add(MultiGauge.Row.of(tags, p.depth()));
        }
        peakRatio.register(ratios, true);
        peakDepth.register(depths, true);
    }

    /** The registry itself, for tests. */
    PrometheusMeterRegistry registry() {
        return registry;
    }
}
