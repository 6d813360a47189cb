package io.stackwatch.agent.runtime;

import io.stackwatch.agent.capacity.PendingCapacity;
import io.stackwatch.agent.config.AgentConfig;
import io.stackwatch.agent.livereport.LiveReport;
import io.stackwatch.agent.livereport.ThreadSampler;
import io.stackwatch.agent.logging.MicrometerLogging;
import io.stackwatch.agent.metrics.CopyCost;
import io.stackwatch.agent.metrics.EventCounts;
import io.stackwatch.agent.metrics.LiveReadings;
import io.stackwatch.agent.metrics.StackwatchMeters;
import io.stackwatch.agent.otlp.OtlpEvents;
import org.slf4j.Logger;

import java.lang.instrument.Instrumentation;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The components that only report and operate, started once the tracker and the instrumentation are
 * in place: on the {@code stackwatch-start} thread at premain, on agentmain's thread when attached.
 * Each one that fails is one line, and the agent goes on without it.
 *
 * <p>Created on premain's path (no lambda here); it builds its components only when it runs.
 */
final class BackgroundStart implements Runnable {

    private final AgentRuntime runtime;
    private final Instrumentation inst;
    private final AgentConfig config;
    private final PendingCapacity capacity;
    private final EventsComponent events;
    private final InstrumentationComponent instrumentation;
    private final EventCounts counts;
    private final OtlpEvents otlpEvents;
    private final boolean coreOnBootstrap;
    private final Logger log;
    private final long premainMillis;
    private final boolean nativeReadings;
    private final CountDownLatch startLine = new CountDownLatch(1);
    /** Counted down once every component here has started or failed (the endpoint among them). */
    private final CountDownLatch finished = new CountDownLatch(1);

    BackgroundStart(AgentRuntime runtime, Instrumentation inst, AgentConfig config, PendingCapacity capacity,
                    EventsComponent events, InstrumentationComponent instrumentation, EventCounts counts,
                    OtlpEvents otlpEvents, boolean coreOnBootstrap, Logger log, long premainMillis, boolean nativeReadings) {
        this.runtime = runtime;
        this.inst = inst;
        this.config = config;
        this.capacity = capacity;
        this.events = events;
        this.instrumentation = instrumentation;
        this.counts = counts;
        this.otlpEvents = otlpEvents;
        this.coreOnBootstrap = coreOnBootstrap;
        this.log = log;
        this.premainMillis = premainMillis;
        this.nativeReadings = nativeReadings;
    }

    /**
     * A program that ends within milliseconds of its main would otherwise exit before this thread
     * has logged the start line, or said that the endpoint's port is taken; the agent's logging
     * flushes at shutdown what was logged by then. Waits two seconds at most for each.
     */
    void holdShutdownForTheStartLine() {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
                @Override
                public void run() {
                    try {
                        startLine.await(2, TimeUnit.SECONDS);
                        finished.await(2, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }, "stackwatch-start-line"));
        } catch (IllegalStateException shuttingDown) {
            // already on the way out: nothing to hold
        }
    }

    @Override
    public void run() {
        try {
            startAll();
        } finally {
            finished.countDown();
        }
    }

    private void startAll() {
        // Logged here, not on the way to main: the first line through the agent's Logback formats
        // dates and loads its layout's classes (tens of milliseconds).
        log.info("stackwatch {} active in {} ms: {}; a default thread has {} bytes of stack ({} reserved by the JVM); "
                        + "stack use is {}",
                runtime.version(), premainMillis, config.summary(), capacity.capacityBytes(Thread.currentThread()),
                capacity.zoneBytes(), nativeReadings ? "read from the stack pointer" : "estimated from frame costs");
        startLine.countDown();

        runtime.startOptional(new CollectorComponent(log));
        if (config.ops().rejectThreadStarts()) {
            runtime.startOptional(new ThreadStartGateComponent(inst, coreOnBootstrap, log));
        }
        LearnerComponent learner = new LearnerComponent(instrumentation, events.pump());
        runtime.startOptional(learner);
        ThreadSampler sampler = new ThreadSampler(capacity);
        ChecksComponent checks = new ChecksComponent(config.ops(), sampler, events.pump(), learner, log);
        runtime.startOptional(checks);
        LiveReport report = new LiveReport(sampler);
        StackwatchMeters meters = meters();
        runtime.startOptional(new JmxComponent(inst, log, runtime, meters, report, checks));
        if (meters == null) {
            return;
        }
        MetricsThreadComponent metricsThread = new MetricsThreadComponent(meters);
        runtime.startOptional(metricsThread);
        if (config.prometheus() != null) {
            runtime.startOptional(new EndpointComponent(config.prometheus(), config.reportPages(), meters, report, log));
        }
        if (otlpEvents != null) {
            runtime.startOptional(new OtlpComponent(config.otlp(), meters, otlpEvents, runtime.version(), log));
        }
        if (config.hostMetrics() && metricsThread.executor() != null) {
            runtime.startOptional(new HostMetricsComponent(meters, inst, metricsThread.executor(), log));
        }
    }

    /** The meters over the event counts and the live threads, or null (after one line) without them. */
    private StackwatchMeters meters() {
        if (counts == null) {
            return null;
        }
        try {
            // Before any Micrometer class logs: its lines go to the agent's log, not to a lookup of SLF4J providers.
            MicrometerLogging.install();
            return new StackwatchMeters(new LiveReadings(), counts, CopyCost.measure(),
                    MeterFeatures.of(config, runtime.version()));
        } catch (RuntimeException | LinkageError e) {
            log.warn("metrics unavailable ({}); the agent goes on without them", e.toString());
            return null;
        }
    }
}
