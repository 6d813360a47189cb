package io.stackwatch.agent.runtime;

import io.stackwatch.agent.metrics.StackwatchMeters;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Looks every few seconds for meters that appear once the application uses a feature (the task
 * watermarks, from the first wrapped task), so that the registries that are not scraped (the OTLP
 * export, the application's Micrometer) get them too.
 */
final class LateMetersComponent implements Component {

    static final long PERIOD_SECONDS = 5;

    private final StackwatchMeters meters;
    private ScheduledExecutorService thread;

    LateMetersComponent(StackwatchMeters meters) {
        this.meters = meters;
    }

    @Override
    public String name() {
        return "the late meters' check";
    }

    @Override
    public void start() {
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stackwatch-meters");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(meters::checkLate, 0, PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        thread.shutdownNow();
    }
}
