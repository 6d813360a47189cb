package io.stackwatch.agent.config;

import java.util.Locale;

/** Every key the agent accepts, with what it accepts, for one-line error messages and the README. */
public enum ConfigKey {
    INCLUDE("include", "class patterns separated by ';' (com.acme.**, com.acme.*, com.acme.Tree)"),
    EXCLUDE("exclude", "class patterns separated by ';' (com.acme.**, com.acme.*, com.acme.Tree)"),
    SELECT("select", "'recursive', 'all' or 'scan:<file>' (a report written by scan --json or --out)"),
    WARN_AT("warnAt", "a fraction of the stack above 0 and at most 1, e.g. 0.7"),
    ACTION("action", "'warn' or 'throw'"),
    THROW_AT("throwAt", "a fraction of the stack above 0 and at most 1, e.g. 0.9"),
    MAX_DEPTH("maxDepth", "a whole number of calls, at least 1"),
    LIMITS("limits", "entries pkg.Class#method=N separated by ';'"),
    STACK_SIZE("stackSize", "a size such as 512k, 4m or 1048576 (at least 64k)"),
    EVENT_LOG("eventLog", "a file path"),
    GO_INITIAL("go.initial", "a power-of-two size of at least 512, e.g. 8k"),
    GO_GUARD("go.guard", "a size smaller than go.initial, e.g. 896"),
    GO_MAX("go.max", "a size of at least go.initial, e.g. 1m, or 'capacity'"),
    GO_PRESET("go.preset", "'article' (8 KiB start, 896 B guard) or 'go' (2 KiB start, 928 B guard)"),
    TRACE("trace", "'growth' or 'none'"),
    NATIVE_RESERVE("nativeReserve", "a size such as 0, 16k or 64k, below the stack size"),
    NATIVE("native", "'on' (read the real stack pointer where the platform allows) or 'off' (estimate only)"),
    CONFIG("config", "the path of a properties file"),
    PROMETHEUS("prometheus", "host:port, [ipv6]:port or a port (host 127.0.0.1); port 0 picks a free one"),
    HOST_METRICS("hostMetrics", "'on' (register the meters in the application's own Micrometer) or 'off'"),
    REPORT_PAGES("reportPages", "'on' (serve /stackwatch and /stackwatch.json next to /metrics) or 'off'"),
    PATROL("patrol", "an interval such as 30s, 500ms or 5m, or 'off'"),
    PATROL_DEPTH("patrolDepth", "a whole number of real frames, at least 1"),
    PATROL_RATIO("patrolRatio", "a fraction of the stack above 0 and at most 1, e.g. 0.7"),
    PATROL_BUDGET("patrolBudget", "a time per round such as 200ms or 1s"),
    THREAD_RATE("threadRate", "a whole number of thread starts per second, at least 1"),
    THREAD_RATE_WINDOW("threadRateWindow", "a window such as 10s or 1m (at least 1s)"),
    THREAD_RATE_ACTION("threadRateAction", "'warn' or 'reject'"),
    STACK_INUSE("stackInuse", "a size such as 64m or 512m"),
    STACK_INUSE_WINDOW("stackInuseWindow", "a window such as 60s or 5m (at least 1s)");

    private final String key;
    private final String accepted;

    ConfigKey(String key, String accepted) {
        this.key = key;
        this.accepted = accepted;
    }

    public String key() {
        return key;
    }

    public String accepted() {
        return accepted;
    }

    /** The key with this name, ignoring case, dots and underscores (so STACKWATCH_WARN_AT finds warnAt). */
    public static ConfigKey byName(String name) {
        String n = normalize(name);
        for (ConfigKey k : values()) {
            if (normalize(k.key).equals(n)) {
                return k;
            }
        }
        return null;
    }

    static String normalize(String name) {
        return name.replace("_", "").replace(".", "").replace("-", "").toLowerCase(Locale.ROOT);
    }

    /** {@code include, exclude, ...} for error messages. */
    public static String names() {
        StringBuilder sb = new StringBuilder();
        for (ConfigKey k : values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(k.key);
        }
        return sb.toString();
    }
}
