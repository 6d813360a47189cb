package io.stackwatch.agent.runtime;

import io.stackwatch.agent.metrics.StackwatchMeters;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The {@code stackwatch-metrics} thread: every few seconds it looks for meters that appear once the
 * application uses a feature (the task watermarks, from the first wrapped task), so that the
 * registries nobody scrapes (the OTLP export, the application's Micrometer) get them too; and it
 * registers the meters in the application's Micrometer ({@link HostMetricsComponent}).
 */
final class MetricsThreadComponent implements Component {

    static final long LATE_METERS_PERIOD_SECONDS = 5;

    private final StackwatchMeters meters;
    private ScheduledExecutorService thread;

    MetricsThreadComponent(StackwatchMeters meters) {
        this.meters = meters;
    }

    @Override
    public String name() {
        return "the metrics thread";
    }

    @Override
    public void start() {
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stackwatch-metrics");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(meters::checkLate, 0, LATE_METERS_PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    /** Where the other metrics components run their work. */
    ScheduledExecutorService executor() {
        return thread;
    }

    @Override
    public void stop() {
        thread.shutdownNow();
    }
}
