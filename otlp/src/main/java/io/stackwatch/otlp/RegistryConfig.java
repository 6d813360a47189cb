package io.stackwatch.otlp;

import io.micrometer.registry.otlp.OtlpConfig;

import java.time.Duration;
import java.util.Map;

/**
 * Micrometer's OTLP settings from the agent's, and only from them: Micrometer's own defaults would
 * read the environment a second time (with rules of their own), and the agent has already done so.
 */
final class RegistryConfig implements OtlpConfig {

    private final ExportSettings settings;

    RegistryConfig(ExportSettings settings) {
        this.settings = settings;
    }

    @Override
    public String get(String key) {
        return null;
    }

    @Override
    public String url() {
        return settings.metricsUrl();
    }

    @Override
    public Duration step() {
        return settings.interval();
    }

    @Override
    public Map<String, String> resourceAttributes() {
        return settings.resource();
    }

    @Override
    public Map<String, String> headers() {
        return settings.headers();
    }
}
