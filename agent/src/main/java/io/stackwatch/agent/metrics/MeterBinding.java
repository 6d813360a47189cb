package io.stackwatch.agent.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Registers the agent's meters in one of the agent's own (shaded) Micrometer registries: the
 * Prometheus endpoint's, the OTLP export's. The per-method counters follow as their series appear.
 */
public final class MeterBinding {

    private final MeterRegistry registry;
    // Micrometer holds what a meter reads weakly: the agent keeps it alive.
    private final List<Object> keep = new ArrayList<>();

    public MeterBinding(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Every meter with a fixed set of series, and the per-method counters from now on. */
    public void bind(StackwatchMeters meters) {
        for (MeterSpec spec : meters.fixed()) {
            register(spec);
        }
        meters.events().addListener(this::counter);
        meters.addLateListener(this::register);
    }

    /** The per-thread peaks as one gauge per rank, for registries that cannot rewrite their series. */
    public void bindRankedPeaks(StackwatchMeters meters) {
        for (MeterSpec spec : meters.rankedPeaks()) {
            register(spec);
        }
    }

    synchronized void register(MeterSpec spec) {
        keep.add(spec);
        if (spec.type() == MeterSpec.Type.GAUGE) {
            Gauge.builder(spec.name(), spec, MeterSpec::value).description(spec.description()).baseUnit(spec.baseUnit())
                    .tags(spec.tagArray()).strongReference(true).register(registry);
        } else {
            FunctionCounter.builder(spec.name(), spec, MeterSpec::value).description(spec.description())
                    .baseUnit(spec.baseUnit()).tags(spec.tagArray()).register(registry);
        }
    }

    private synchronized void counter(EventCounts.Kind kind, String method, AtomicLong count) {
        keep.add(count);
        FunctionCounter.builder(kind.meter(), count, AtomicLong::doubleValue).description(kind.description())
                .tags("method", method).register(registry);
    }
}
