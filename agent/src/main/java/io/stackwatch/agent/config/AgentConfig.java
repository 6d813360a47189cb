package io.stackwatch.agent.config;

import io.stackwatch.agent.logging.LogSettings;
import io.stackwatch.agent.otlp.OtlpSettings;
import io.stackwatch.core.gomodel.GoStackParameters;
import io.stackwatch.core.tracking.Policy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The agent's configuration after reading and checking: every {@link ConfigKey}'s value
 * ({@link #get}), and what several keys make together: the Go model's parameters, the
 * operational checks' settings, the agent's own log; and the keys whose values were ignored. Built once by {@link ConfigLoader}; nothing changes it afterwards.
 *
 * <p>It writes its own {@code equals}, {@code hashCode} and {@code toString}: the ones the compiler
 * generates for a record link an {@code invokedynamic}, and the configuration is read on premain's path.
 */
public record AgentConfig(Map<ConfigKey<?>, Object> values, GoStackParameters go, OpsConfig ops, LogSettings logging,
                          List<String> ignoredKeys) {

    public enum Select { RECURSIVE, ALL, SCAN }

    public enum Action { WARN, THROW }

    /** {@code reportPages=}: whether the endpoint serves the live report next to the metrics. */
    public enum ReportPages {
        ON, OFF,
        /** The default: served when the endpoint is bound to a loopback address, not otherwise. */
        ON_LOOPBACK
    }

    /** The value of {@code key}. */
    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        return (T) values.get(key);
    }

    /** Patterns to instrument; empty means "every class that is not the JDK's or the agent's". */
    public List<ClassPattern> include() {
        return get(ConfigKey.INCLUDE);
    }

    public List<ClassPattern> exclude() {
        return get(ConfigKey.EXCLUDE);
    }

    public Selection selection() {
        return get(ConfigKey.SELECT);
    }

    public Select select() {
        return selection().kind();
    }

    /** With {@code select=scan:<file>}, the methods the report names; else null. */
    public MethodSelection scanFile() {
        return selection().methods();
    }

    public double warnAt() {
        return get(ConfigKey.WARN_AT);
    }

    public Action action() {
        return get(ConfigKey.ACTION);
    }

    public double throwAt() {
        return get(ConfigKey.THROW_AT);
    }

    /** Instrumented depth limit, or {@link Policy#NO_LIMIT}. */
    public int maxDepth() {
        return get(ConfigKey.MAX_DEPTH);
    }

    /** {@code pkg.Class#method} to depth limit, in the order given. */
    public Map<String, Integer> limits() {
        return get(ConfigKey.LIMITS);
    }

    /** The stack size to assume for every thread, or 0 to read it from the JVM and the thread. */
    public long stackSizeBytes() {
        return get(ConfigKey.STACK_SIZE);
    }

    /** The JSON-lines event log, or null. */
    public Path eventLog() {
        return get(ConfigKey.EVENT_LOG);
    }

    public boolean traceGrowth() {
        return get(ConfigKey.TRACE);
    }

    /** {@code native=on}: read the real stack pointer and bounds where the platform allows. */
    public boolean nativeReadings() {
        return get(ConfigKey.NATIVE);
    }

    /** Stack kept back for native (JNI, FFM) frames the agent cannot see, taken off every thread's capacity. */
    public long nativeReserveBytes() {
        return get(ConfigKey.NATIVE_RESERVE);
    }

    /** {@code prometheus=}: where to serve the Prometheus text format, or null for no endpoint. */
    public ListenAddress prometheus() {
        return get(ConfigKey.PROMETHEUS);
    }

    /** {@code hostMetrics=on}: register the agent's meters in the application's own Micrometer when it has one. */
    public boolean hostMetrics() {
        return get(ConfigKey.HOST_METRICS);
    }

    /** {@code reportPages=}: whether the endpoint serves {@code /stackwatch} and {@code /stackwatch.json}. */
    public ReportPages reportPages() {
        return get(ConfigKey.REPORT_PAGES);
    }

    /** False with {@code enabled=false}: the agent does nothing. */
    public boolean enabled() {
        return get(ConfigKey.ENABLED);
    }

    /** {@code otlp=}: where to export meters and events over OTLP/HTTP, or null for no export. */
    public OtlpSettings otlp() {
        return get(ConfigKey.OTLP).orElse(null);
    }

    /** Whether a setting that decides what is stopped ({@code action}, {@code throwAt}) was ignored. */
    public boolean safetySettingIgnored() {
        return ignoredKeys.contains(ConfigKey.ACTION.key()) || ignoredKeys.contains(ConfigKey.THROW_AT.key());
    }

    /** One line for the start-up message. */
    public String summary() {
        List<ClassPattern> include = include();
        List<ClassPattern> exclude = exclude();
        Action action = action();
        int maxDepth = maxDepth();
        long stackSize = stackSizeBytes();
        Path eventLog = eventLog();
        long nativeReserve = nativeReserveBytes();
        ListenAddress prometheus = prometheus();
        OtlpSettings otlp = otlp();
        return "select=" + selection().describe() + " include=" + (include.isEmpty() ? "(non-JDK classes)" : join(include))
                + (exclude.isEmpty() ? "" : " exclude=" + join(exclude)) + " warnAt=" + warnAt() + " action="
                + action.name().toLowerCase(java.util.Locale.ROOT) + (action == Action.THROW ? " throwAt=" + throwAt() : "")
                + (maxDepth < Policy.NO_LIMIT ? " maxDepth=" + maxDepth : "")
                + (limits().isEmpty() ? "" : " limits=" + limits().size())
                + (stackSize > 0 ? " stackSize=" + stackSize : "")
                + (eventLog != null ? " eventLog=" + eventLog : "") + (nativeReadings() ? "" : " native=off")
                + (nativeReserve > 0 ? " nativeReserve=" + nativeReserve : "")
                + " go=[" + go + "]"
                + (prometheus != null ? " prometheus=" + prometheus : "") + (hostMetrics() ? "" : " hostMetrics=off")
                + (reportPages() == ReportPages.ON_LOOPBACK ? "" : " reportPages=" + reportPages().name().toLowerCase(java.util.Locale.ROOT))
                + (otlp != null ? " otlp=" + otlp.summary() : "") + logging.summary()
                + (ignoredKeys.isEmpty() ? "" : (safetySettingIgnored() ? " IGNORED " : " ignored ")
                        + String.join(",", ignoredKeys) + " (see the lines above)")
                + ops.summary();
    }

    private static String join(List<ClassPattern> patterns) {
        StringBuilder sb = new StringBuilder();
        for (ClassPattern p : patterns) {
            sb.append(sb.length() == 0 ? "" : ";").append(p);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AgentConfig && ((AgentConfig) o).values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return summary();
    }
}
