package io.stackwatch.agent.runtime;

import io.stackwatch.agent.metrics.HostMicrometer;
import io.stackwatch.agent.metrics.StackwatchMeters;
import org.slf4j.Logger;

import java.lang.instrument.Instrumentation;
import java.util.concurrent.ExecutorService;

/**
 * {@code hostMetrics=on}: the agent's meters in the application's own Micrometer, registered on the
 * {@code stackwatch-metrics} thread ({@link MetricsThreadComponent}, which owns it) whenever a class
 * loader loads the application's {@code Metrics}.
 */
final class HostMetricsComponent implements Component {

    private final StackwatchMeters meters;
    private final Instrumentation inst;
    private final Logger log;
    private final ExecutorService thread;
    private HostMicrometer host;

    HostMetricsComponent(StackwatchMeters meters, Instrumentation inst, ExecutorService thread, Logger log) {
        this.meters = meters;
        this.inst = inst;
        this.thread = thread;
        this.log = log;
    }

    @Override
    public String name() {
        return "the meters in the application's Micrometer";
    }

    @Override
    public void start() {
        host = new HostMicrometer(meters, thread, log);
        host.install(inst);
    }

    @Override
    public void stop() {
        inst.removeTransformer(host);
    }
}
