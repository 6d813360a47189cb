package io.stackwatch.agent.config;

import io.stackwatch.agent.scan.ScanFile;
import io.stackwatch.core.model.GoStackParameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The agent's configuration after parsing and validation. Immutable. */
public final class AgentConfig {

    public enum Select { RECURSIVE, ALL, SCAN }

    public enum Action { WARN, THROW }

    /** {@code reportPages=}: whether the endpoint serves the live report next to the metrics. */
    public enum ReportPages {
        ON, OFF,
        /** The default: served when the endpoint is bound to a loopback address, not otherwise. */
        ON_LOOPBACK
    }

    private final List<ClassPattern> include;
    private final List<ClassPattern> exclude;
    private final Select select;
    private final ScanFile scanFile;
    private final String scanFileName;
    private final double warnAt;
    private final Action action;
    private final double throwAt;
    private final int maxDepth;
    private final Map<String, Integer> limits;
    private final long stackSizeBytes;
    private final Path eventLog;
    private final GoStackParameters go;
    private final boolean traceGrowth;
    private final boolean nativeReadings;
    private final long nativeReserveBytes;
    private final ListenAddress prometheus;
    private final boolean hostMetrics;
    private OpsConfig ops = OpsConfig.DEFAULTS;
    private ReportPages reportPages = ReportPages.ON_LOOPBACK;

    AgentConfig(List<ClassPattern> include, List<ClassPattern> exclude, Select select, double warnAt, Action action,
                double throwAt, int maxDepth, Map<String, Integer> limits, long stackSizeBytes,
                Path eventLog, GoStackParameters go, boolean traceGrowth, boolean nativeReadings,
                long nativeReserveBytes) {
        this(include, exclude, select, null, null, warnAt, action, throwAt, maxDepth, limits, stackSizeBytes, eventLog, go,
                traceGrowth, nativeReadings, nativeReserveBytes, null, true);
    }

    AgentConfig(List<ClassPattern> include, List<ClassPattern> exclude, Select select, ScanFile scanFile, String scanFileName,
                double warnAt, Action action, double throwAt, int maxDepth, Map<String, Integer> limits, long stackSizeBytes,
                Path eventLog, GoStackParameters go, boolean traceGrowth, boolean nativeReadings, long nativeReserveBytes,
                ListenAddress prometheus, boolean hostMetrics) {
        this.include = List.copyOf(include);
        this.exclude = List.copyOf(exclude);
        this.select = select;
        this.scanFile = scanFile;
        this.scanFileName = scanFileName;
        this.warnAt = warnAt;
        this.action = action;
        this.throwAt = throwAt;
        this.maxDepth = maxDepth;
        this.limits = new LinkedHashMap<>(limits);
        this.stackSizeBytes = stackSizeBytes;
        this.eventLog = eventLog;
        this.go = go;
        this.traceGrowth = traceGrowth;
        this.nativeReadings = nativeReadings;
        this.nativeReserveBytes = nativeReserveBytes;
        this.prometheus = prometheus;
        this.hostMetrics = hostMetrics;
    }

    /** {@code prometheus=}: where to serve the Prometheus text format, or null for no endpoint. */
    public ListenAddress prometheus() {
        return prometheus;
    }

    /** {@code hostMetrics=on}: register the agent's meters in the application's own Micrometer when it has one. */
    public boolean hostMetrics() {
        return hostMetrics;
    }

    /** Stack kept back for native (JNI, FFM) frames the agent cannot see, taken off every thread's capacity. */
    public long nativeReserveBytes() {
        return nativeReserveBytes;
    }

    /** {@code native=on}: read the real stack pointer and bounds where the platform allows. */
    public boolean nativeReadings() {
        return nativeReadings;
    }

    /** Patterns to instrument; empty means "every class that is not the JDK's or the agent's". */
    public List<ClassPattern> include() {
        return include;
    }

    public List<ClassPattern> exclude() {
        return exclude;
    }

    public Select select() {
        return select;
    }

    /** With {@code select=scan:<file>}, the methods the report names; else null. */
    public ScanFile scanFile() {
        return scanFile;
    }

    public double warnAt() {
        return warnAt;
    }

    public Action action() {
        return action;
    }

    public double throwAt() {
        return throwAt;
    }

    /** Instrumented depth limit, or {@link io.stackwatch.core.tracking.Policy#NO_LIMIT}. */
    public int maxDepth() {
        return maxDepth;
    }

    /** {@code pkg.Class#method} to depth limit, in the order given. */
    public Map<String, Integer> limits() {
        return java.util.Collections.unmodifiableMap(limits);
    }

    /** The stack size to assume for every thread, or 0 to read it from the JVM and the thread. */
    public long stackSizeBytes() {
        return stackSizeBytes;
    }

    /** The JSON-lines event log, or null. */
    public Path eventLog() {
        return eventLog;
    }

    public GoStackParameters go() {
        return go;
    }

    public boolean traceGrowth() {
        return traceGrowth;
    }

    /** Set once by the loader, before the configuration is handed out. */
    AgentConfig withOps(OpsConfig opsConfig) {
        this.ops = opsConfig;
        return this;
    }

    /** Set once by the loader, before the configuration is handed out. */
    AgentConfig withReportPages(ReportPages pages) {
        this.reportPages = pages;
        return this;
    }

    /** {@code reportPages=}: whether the endpoint serves {@code /stackwatch} and {@code /stackwatch.json}. */
    public ReportPages reportPages() {
        return reportPages;
    }

    /** Patrol, thread start rate and stack-in-use settings. */
    public OpsConfig ops() {
        return ops;
    }

    /** One line for the start-up message. */
    public String summary() {
        String selected = select == Select.SCAN
                ? "scan:" + scanFileName + " (" + scanFile.methodKeys().size() + " methods of " + scanFile.recursions() + " recursions)"
                : select.name().toLowerCase();
        return "select=" + selected + " include=" + (include.isEmpty() ? "(non-JDK classes)" : join(include))
                + (exclude.isEmpty() ? "" : " exclude=" + join(exclude)) + " warnAt=" + warnAt + " action="
                + action.name().toLowerCase() + (action == Action.THROW ? " throwAt=" + throwAt : "")
                + (maxDepth < io.stackwatch.core.tracking.Policy.NO_LIMIT ? " maxDepth=" + maxDepth : "")
                + (limits.isEmpty() ? "" : " limits=" + limits.size())
                + (stackSizeBytes > 0 ? " stackSize=" + stackSizeBytes : "")
                + (eventLog != null ? " eventLog=" + eventLog : "") + (nativeReadings ? "" : " native=off")
                + (nativeReserveBytes > 0 ? " nativeReserve=" + nativeReserveBytes : "")
                + " go=[" + go + "]"
                + (prometheus != null ? " prometheus=" + prometheus : "") + (hostMetrics ? "" : " hostMetrics=off")
                + (reportPages == ReportPages.ON_LOOPBACK ? "" : " reportPages=" + reportPages.name().toLowerCase())
                + ops.summary();
    }

    private static String join(List<ClassPattern> patterns) {
        StringBuilder sb = new StringBuilder();
        for (ClassPattern p : patterns) {
            sb.append(sb.length() == 0 ? "" : ";").append(p);
        }
        return sb.toString();
    }
}
