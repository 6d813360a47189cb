package io.stackwatch.otlp;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The bridge's settings, read from the string map the agent hands over. */
record ExportSettings(String metricsUrl, String logsUrl, Duration interval, String scopeVersion,
                      Map<String, String> resource, Map<String, String> headers) {

    static ExportSettings of(Map<String, String> settings) {
        Map<String, String> resource = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            if (e.getKey().startsWith("resource.")) {
                resource.put(e.getKey().substring("resource.".length()), e.getValue());
            } else if (e.getKey().startsWith("header.")) {
                headers.put(e.getKey().substring("header.".length()), e.getValue());
            }
        }
        return new ExportSettings(required(settings, "metrics.url"), required(settings, "logs.url"),
                Duration.ofMillis(Long.parseLong(required(settings, "interval.ms"))),
                settings.getOrDefault("scope.version", ""), Map.copyOf(resource), Map.copyOf(headers));
    }

    private static String required(Map<String, String> settings, String key) {
        String v = settings.get(key);
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("OTLP setting " + key + " missing");
        }
        return v;
    }
}
