package io.stackwatch.otlp;

import io.micrometer.core.instrument.Clock;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import io.micrometer.registry.otlp.OtlpMetricsSender;

import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The agent's way into OTLP export. The agent loads this class in a class loader of its own and
 * speaks to it through JDK types only: the settings as strings, {@link #get()} for the meter registry
 * (the agent's own shaded Micrometer type, which this loader takes from its parent), {@link #accept}
 * for one event as a log record, {@link #close()} to publish what is left and stop.
 *
 * <p>Settings: {@code metrics.url}, {@code logs.url}, {@code interval.ms}, {@code scope.version},
 * {@code resource.<key>} (resource attributes, {@code service.name} among them) and
 * {@code header.<name>} (HTTP headers sent with every export).
 */
public final class OtlpBridge implements Supplier<Object>, Consumer<Map<String, Object>>, AutoCloseable {

    private final OtlpMeterRegistry registry;
    private final LogShipper logs;

    /** Starts the metrics export and the log shipper; {@code problems} hears of failed exports. */
    public OtlpBridge(Map<String, String> settings, Consumer<String> problems) {
        ExportSettings s = ExportSettings.of(settings);
        Endpoint metrics = new Endpoint("metrics", s.metricsUrl(), problems);
        // Our sender, not Micrometer's: a collector that is down is one line, not a stack trace per export.
        OtlpMetricsSender sender = request -> metrics.post(request.getMetricsData(), request.getHeaders(), "meters");
        registry = OtlpMeterRegistry.builder(new RegistryConfig(s)).clock(Clock.SYSTEM).metricsSender(sender)
                .threadFactory(daemon("stackwatch-otlp-metrics")).build();
        logs = new LogShipper(s, new LogRecords(s), problems, daemon("stackwatch-otlp-logs"));
    }

    /** The meter registry the agent binds its meters to (an {@code OtlpMeterRegistry}). */
    @Override
    public Object get() {
        return registry;
    }

    /** Queues one event as a log record (never blocks; a full queue drops and counts). */
    @Override
    public void accept(Map<String, Object> record) {
        logs.offer(record);
    }

    /** Publishes the meters once more and sends the queued log records (at most a few seconds). */
    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            logs.close();
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
