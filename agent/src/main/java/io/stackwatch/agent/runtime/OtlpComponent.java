package io.stackwatch.agent.runtime;

import io.stackwatch.agent.metrics.StackwatchMeters;
import io.stackwatch.agent.otlp.OtlpEvents;
import io.stackwatch.agent.otlp.OtlpExport;
import io.stackwatch.agent.otlp.OtlpSettings;
import org.slf4j.Logger;

/**
 * {@code otlp=}: the meters over OTLP/HTTP and the events as OTLP log records. Its classes are loaded
 * here, off the way to main, and only when asked for; the events that came before are in
 * {@link OtlpEvents}, which the event pipeline has fed since premain.
 */
final class OtlpComponent implements Component {

    private final OtlpSettings settings;
    private final StackwatchMeters meters;
    private final OtlpEvents events;
    private final String version;
    private final Logger log;

    OtlpComponent(OtlpSettings settings, StackwatchMeters meters, OtlpEvents events, String version, Logger log) {
        this.settings = settings;
        this.meters = meters;
        this.events = events;
        this.version = version;
        this.log = log;
    }

    @Override
    public String name() {
        return "the OTLP export";
    }

    @Override
    public void start() {
        try {
            OtlpExport.start(settings, meters, events, log, version);
        } catch (java.io.IOException | ReflectiveOperationException | RuntimeException | LinkageError e) {
            log.warn("cannot export over OTLP to {} ({}); the application runs on without the export",
                    settings.metricsUrl(), e.toString());
        }
    }

    /**
     * Nothing here: the event pipeline, stopped after this component (detach) or at exit, drains its
     * last events into the export and then closes it (the meters published once more, the records left sent).
     */
    @Override
    public void stop() {
    }
}
