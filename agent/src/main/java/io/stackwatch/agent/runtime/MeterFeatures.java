package io.stackwatch.agent.runtime;

import io.stackwatch.agent.config.AgentConfig;
import io.stackwatch.agent.metrics.StackwatchMeters;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What is on in this JVM, for the meters: a check that is off exports nothing; the settings are stackwatch_info's tags. */
final class MeterFeatures {

    private MeterFeatures() {
    }

    static StackwatchMeters.Features of(AgentConfig config, String version) {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("version", version);
        info.put("action", config.action().name().toLowerCase(Locale.ROOT));
        info.put("select", config.select().name().toLowerCase(Locale.ROOT));
        info.put("warn_at", String.valueOf(config.warnAt()));
        info.put("throw_at", String.valueOf(config.throwAt()));
        info.put("native", config.nativeReadings() ? "on" : "off");
        info.put("ignored", String.join(",", config.ignoredKeys()));
        return new StackwatchMeters.Features(config.ops().patrolMillis() > 0, config.ops().rejectThreadStarts(),
                config.ops().stackInuseBytes() > 0 && nativeMemoryTracking(), info);
    }

    private static boolean nativeMemoryTracking() {
        try {
            String v = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .getVMOption("NativeMemoryTracking").getValue();
            return !"off".equals(v);
        } catch (RuntimeException | LinkageError notHotSpot) {
            return false;
        }
    }
}
