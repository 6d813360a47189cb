package io.stackwatch.agent.runtime;

import io.stackwatch.agent.bootstrap.NativeLibraryFile;
import io.stackwatch.agent.config.AgentConfig;
import io.stackwatch.core.stack.NativeStack;
import io.stackwatch.core.tracking.Policy;
import io.stackwatch.core.tracking.StackCapacityProbe;
import io.stackwatch.core.tracking.Tracker;
import org.slf4j.Logger;

import java.util.Map;

/**
 * The core's tracker, which the advice calls: its policy from the configuration, the native stack
 * probe, and the warm-up of every cold path while the stack is shallow. Stopping gives the tracker's
 * claim back, so that a later attach can start again.
 */
final class TrackerComponent implements Component {

    private final AgentConfig config;
    private final StackCapacityProbe capacity;
    private final Logger log;
    private final boolean attached;
    private boolean nativeReadings;
    private Thread warming;

    TrackerComponent(AgentConfig config, StackCapacityProbe capacity, Logger log, boolean attached) {
        this.config = config;
        this.capacity = capacity;
        this.log = log;
        this.attached = attached;
    }

    @Override
    public String name() {
        return "the tracker";
    }

    @Override
    public void start() {
        // Loaded now, from the boot-loaded core, while the stack is shallow; never on an app thread.
        nativeReadings = config.nativeReadings() && NativeLibraryFile.load();
        if (config.nativeReadings() && !nativeReadings) {
            log.warn("native stack readings unavailable ({}): using estimated frame costs", NativeStack.unavailableReason());
        }
        Tracker.install(policy(config), capacity);
        // Load, initialize and link every cold path now, while the stack is shallow: at premain on another
        // core while the instrumentation is installed (see awaitWarmUp), finished before main runs; when
        // attached, first (the application's threads run instrumented code as soon as it is installed, at
        // any depth).
        if (attached) {
            Tracker.warmUp();
        } else {
            warming = Tracker.warmUpInBackground();
        }
        // Off the start-up path: teach the JIT the hot path's branch profile before the application's
        // recursions get compiled.
        Tracker.primeProfile();
    }

    /** Waits for the warm-up begun by {@link #start} (call once the instrumentation is installed). */
    void awaitWarmUp() {
        if (warming != null) {
            Tracker.awaitWarmUp(warming);
        }
    }

    /** Whether stack use is read from the stack pointer (else estimated from frame costs). */
    boolean nativeReadings() {
        return nativeReadings;
    }

    @Override
    public void stop() {
        Tracker.release();
    }

    static Policy policy(AgentConfig config) {
        String[] names = new String[config.limits().size()];
        int[] limits = new int[names.length];
        int i = 0;
        for (Map.Entry<String, Integer> e : config.limits().entrySet()) {
            names[i] = e.getKey();
            limits[i++] = e.getValue();
        }
        return Policy.builder()
                .warnAt(config.warnAt())
                .throwAt(config.throwAt())
                .throwing(config.action() == AgentConfig.Action.THROW)
                .maxDepth(config.maxDepth())
                .methodLimits(names, limits)
                .stackSizeOverrideBytes(config.stackSizeBytes())
                .go(config.go())
                .traceGrowth(config.traceGrowth())
                .nativeReadings(config.nativeReadings())
                .nativeReserveBytes(config.nativeReserveBytes())
                .build();
    }
}
