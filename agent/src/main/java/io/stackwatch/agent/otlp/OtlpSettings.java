package io.stackwatch.agent.otlp;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where and how {@code otlp=} exports: the endpoints, the resource, the interval, the headers. The
 * value is a base URL ({@code http://collector:4318}) or {@code on}, which takes the standard
 * OpenTelemetry environment as an SDK would: {@code OTEL_EXPORTER_OTLP_ENDPOINT} (default
 * {@code http://localhost:4318}) or the per-signal {@code OTEL_EXPORTER_OTLP_METRICS_ENDPOINT} and
 * {@code OTEL_EXPORTER_OTLP_LOGS_ENDPOINT}. Either way {@code OTEL_SERVICE_NAME},
 * {@code OTEL_RESOURCE_ATTRIBUTES}, {@code OTEL_METRIC_EXPORT_INTERVAL} and
 * {@code OTEL_EXPORTER_OTLP_HEADERS} apply.
 *
 * <p>It writes its own {@code equals}, {@code hashCode} and {@code toString}: the ones the compiler
 * generates for a record link an {@code invokedynamic}, and {@code otlp=} is read on premain's path.
 */
public record OtlpSettings(String metricsUrl, String logsUrl, Map<String, String> resource, Duration interval,
                           Map<String, String> headers) {

    public static final String DEFAULT_ENDPOINT = "http://localhost:4318";
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    static final String UNKNOWN_SERVICE = "unknown_service:java";

    public OtlpSettings {
        resource = Collections.unmodifiableMap(new LinkedHashMap<>(resource));
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /**
     * The settings for {@code value} ({@code on}, {@code off} or a URL), or null for {@code off} or
     * a value that is neither: {@code problems} hears one line per thing it could not use.
     */
    public static OtlpSettings parse(String value, Map<String, String> env, Consumer<String> problems) {
        String v = value.trim();
        if (v.equalsIgnoreCase("off") || v.equalsIgnoreCase("false")) {
            return null;
        }
        String metrics;
        String logs;
        if (v.equalsIgnoreCase("on") || v.equalsIgnoreCase("true")) {
            String base = nonEmpty(env.get("OTEL_EXPORTER_OTLP_ENDPOINT"), DEFAULT_ENDPOINT);
            if (!isHttpUrl(base)) {
                problems.accept("ignoring OTEL_EXPORTER_OTLP_ENDPOINT=\"" + base + "\": expected an http:// or https:// URL; using "
                        + DEFAULT_ENDPOINT);
                base = DEFAULT_ENDPOINT;
            }
            metrics = signalUrl(env, "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", base, "metrics", problems);
            logs = signalUrl(env, "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", base, "logs", problems);
            String protocol = env.get("OTEL_EXPORTER_OTLP_PROTOCOL");
            if (protocol != null && !protocol.isBlank() && !protocol.trim().equals("http/protobuf")) {
                problems.accept("OTEL_EXPORTER_OTLP_PROTOCOL=\"" + protocol + "\" is not used: stackwatch exports OTLP over HTTP"
                        + " with protobuf (http/protobuf) to " + metrics);
            }
        } else if (isHttpUrl(v)) {
            metrics = append(v, "metrics");
            logs = append(v, "logs");
        } else {
            return null;
        }
        Map<String, String> resource = new LinkedHashMap<>();
        String attributes = env.get("OTEL_RESOURCE_ATTRIBUTES");
        if (attributes != null && !attributes.isBlank()) {
            Map<String, String> parsed = pairs(attributes);
            if (parsed == null) {
                problems.accept("ignoring OTEL_RESOURCE_ATTRIBUTES=\"" + attributes + "\": expected key=value pairs separated by ','");
            } else {
                resource.putAll(parsed);
            }
        }
        String service = env.get("OTEL_SERVICE_NAME");
        if (service != null && !service.isBlank()) {
            resource.put("service.name", service.trim());
        }
        resource.putIfAbsent("service.name", UNKNOWN_SERVICE);
        resource.putIfAbsent("process.pid", String.valueOf(ProcessHandle.current().pid()));
        Map<String, String> headers = Map.of();
        String h = env.get("OTEL_EXPORTER_OTLP_HEADERS");
        if (h != null && !h.isBlank()) {
            headers = pairs(h);
            if (headers == null) {
                problems.accept("ignoring OTEL_EXPORTER_OTLP_HEADERS: expected key=value pairs separated by ','");
                headers = Map.of();
            }
        }
        return new OtlpSettings(metrics, logs, resource, interval(env, problems), headers);
    }

    /** True when the value is one {@link #parse} accepts. */
    public static boolean accepts(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return v.equals("on") || v.equals("off") || v.equals("true") || v.equals("false") || isHttpUrl(value.trim());
    }

    public String serviceName() {
        return resource.get("service.name");
    }

    /** What the start line shows: {@code otlp=http://host:4318/v1/metrics every 60s}. */
    public String summary() {
        return metricsUrl + " every " + every(interval);
    }

    /** {@code 60s}, {@code 500ms}. */
    static String every(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /** The settings as the export's class loader reads them: strings only. */
    public Map<String, String> asStrings(String version) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("metrics.url", metricsUrl);
        out.put("logs.url", logsUrl);
        out.put("interval.ms", String.valueOf(interval.toMillis()));
        out.put("scope.version", version);
        for (Map.Entry<String, String> e : resource.entrySet()) {
            out.put("resource." + e.getKey(), e.getValue());
        }
        for (Map.Entry<String, String> e : headers.entrySet()) {
            out.put("header." + e.getKey(), e.getValue());
        }
        return out;
    }

    private static Duration interval(Map<String, String> env, Consumer<String> problems) {
        String v = env.get("OTEL_METRIC_EXPORT_INTERVAL");
        if (v == null || v.isBlank()) {
            return DEFAULT_INTERVAL;
        }
        try {
            long ms = Long.parseLong(v.trim());
            if (ms >= 100) {
                return Duration.ofMillis(ms);
            }
        } catch (NumberFormatException bad) {
            // said below
        }
        problems.accept("ignoring OTEL_METRIC_EXPORT_INTERVAL=\"" + v + "\": expected milliseconds, at least 100; using "
                + DEFAULT_INTERVAL.toMillis());
        return DEFAULT_INTERVAL;
    }

    private static String signalUrl(Map<String, String> env, String variable, String base, String signal,
                                    Consumer<String> problems) {
        String v = env.get(variable);
        if (v == null || v.isBlank()) {
            return append(base, signal);
        }
        if (isHttpUrl(v.trim())) {
            return v.trim();
        }
        problems.accept("ignoring " + variable + "=\"" + v + "\": expected an http:// or https:// URL");
        return append(base, signal);
    }

    /** The base URL with the signal's path, as the OTLP exporter specification puts it. */
    static String append(String base, String signal) {
        return (base.endsWith("/") ? base : base + "/") + "v1/" + signal;
    }

    static boolean isHttpUrl(String v) {
        try {
            URI u = URI.create(v);
            String scheme = u.getScheme();
            return u.getHost() != null && scheme != null
                    && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"));
        } catch (IllegalArgumentException notAUri) {
            return false;
        }
    }

    /** {@code k=v,k2=v2} with percent-encoded values (W3C baggage style), or null when malformed. */
    static Map<String, String> pairs(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                return null;
            }
            try {
                out.put(part.substring(0, eq).trim(),
                        URLDecoder.decode(part.substring(eq + 1).trim().replace("+", "%2B"), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException badEscape) {
                return null;
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OtlpSettings)) {
            return false;
        }
        OtlpSettings other = (OtlpSettings) o;
        return metricsUrl.equals(other.metricsUrl) && logsUrl.equals(other.logsUrl) && resource.equals(other.resource)
                && interval.equals(other.interval) && headers.equals(other.headers);
    }

    @Override
    public int hashCode() {
        return ((metricsUrl.hashCode() * 31 + logsUrl.hashCode()) * 31 + resource.hashCode()) * 31 + interval.hashCode();
    }

    /** The start line's form; the headers' values (credentials, often) are never shown. */
    @Override
    public String toString() {
        return summary();
    }

    private static String nonEmpty(String v, String otherwise) {
        return v == null || v.isBlank() ? otherwise : v.trim();
    }
}
