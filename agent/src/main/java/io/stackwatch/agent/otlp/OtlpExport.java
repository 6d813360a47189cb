package io.stackwatch.agent.otlp;

import io.micrometer.core.instrument.MeterRegistry;
import io.stackwatch.agent.bootstrap.BootstrapInjector;
import io.stackwatch.agent.bootstrap.ExtractedFiles;
import io.stackwatch.agent.metrics.MeterBinding;
import io.stackwatch.agent.metrics.StackwatchMeters;
import org.slf4j.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Starts the OTLP export ({@code otlp=}): Micrometer's OTLP registry with the agent's meters, and
 * the events as log records. Those classes (Micrometer's OTLP registry, the OTLP schema, protobuf:
 * some 1,200 of them) travel in the agent jar as one nested jar, copied out like the core jar and
 * loaded in a class loader of their own only here, so that a JVM without {@code otlp=} never reads
 * them and the agent jar's directory, which the JVM reads before premain, stays as small as before.
 */
public final class OtlpExport {

    static final String NESTED_JAR = "stackwatch-otlp.jar";
    static final String BRIDGE = "io.stackwatch.otlp.OtlpBridge";

    private OtlpExport() {
    }

    /** Loads the export, binds the meters to it and attaches the events; runs on the agent's metrics thread. */
    @SuppressWarnings("unchecked")
    public static void start(OtlpSettings settings, StackwatchMeters meters, OtlpEvents events, Logger log, String version)
            throws IOException, ReflectiveOperationException {
        Path jar = exportJar(version);
        URLClassLoader loader = new URLClassLoader("stackwatch-otlp", new URL[] {jar.toUri().toURL()},
                OtlpExport.class.getClassLoader());
        Consumer<String> problems = log::warn;
        Object bridge = Class.forName(BRIDGE, true, loader).getConstructor(Map.class, Consumer.class)
                .newInstance(settings.asStrings(version), problems);
        MeterRegistry registry = (MeterRegistry) ((Supplier<Object>) bridge).get();
        MeterBinding binding = new MeterBinding(registry);
        binding.bind(meters);
        binding.bindRankedPeaks(meters);
        long lost = events.attach((Consumer<Map<String, Object>>) bridge, (AutoCloseable) bridge);
        log.info("exporting metrics over OTLP to {} every {} and events as log records to {} (service.name={}){}",
                settings.metricsUrl(), OtlpSettings.every(settings.interval()), settings.logsUrl(), settings.serviceName(),
                lost > 0 ? "; " + lost + " events before the export was up were not kept" : "");
    }

    /** The nested jar, copied out next to the core jar (once per agent jar) or to a private file. */
    private static Path exportJar(String version) throws IOException {
        ExtractedFiles.Content content = new ExtractedFiles.Content() {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                try (InputStream in = OtlpExport.class.getResourceAsStream(NESTED_JAR)) {
                    if (in == null) {
                        throw new IOException(NESTED_JAR + " is missing from the agent jar");
                    }
                    in.transferTo(out);
                }
            }
        };
        Path agentJar = BootstrapInjector.agentJar();
        ExtractedFiles cache = agentJar == null ? null : ExtractedFiles.forAgentJar(agentJar, version);
        return cache != null ? cache.file("otlp", ".jar", content) : ExtractedFiles.oneOff("stackwatch-otlp", ".jar", content);
    }
}
