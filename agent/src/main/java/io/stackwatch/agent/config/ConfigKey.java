package io.stackwatch.agent.config;

import io.stackwatch.core.gomodel.GoStackParameters;
import io.stackwatch.core.tracking.Policy;

import io.stackwatch.agent.logging.LogSettings;
import io.stackwatch.agent.logging.LogTarget;
import io.stackwatch.agent.otlp.OtlpSettings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every agent argument, once: its name, how its text is read, its default, what it accepts (for the
 * one line a bad value gets) and one line of documentation. The loader, the command line's help and
 * the check of the README's table are all derived from this table; adding a key is adding a line here
 * (and reading it where it is used: {@link AgentConfig#get}).
 *
 * <p>No lambda here or in the parsers: the configuration is read on premain's path.
 *
 * @param <T> the type of the key's value
 */
public final class ConfigKey<T> {

    private static final List<ConfigKey<?>> ALL = new ArrayList<>();

    private static final String PATTERNS = "class patterns separated by ';' (com.acme.**, com.acme.*, com.acme.Tree)";
    private static final String FRACTION = "a fraction of the stack above 0 and at most 1, e.g. ";

    public static final ConfigKey<Boolean> ENABLED = define("enabled", Parsers.ON_OFF,
            Defaults.constant(true, "true"), "'true' or 'false' (false: the agent does nothing, after one line)",
            "false: the agent does nothing, after one line (for images that bake the agent in)");
    public static final ConfigKey<List<ClassPattern>> INCLUDE = define("include", Parsers.PATTERNS,
            Defaults.constant(List.<ClassPattern>of(), "every class that is not the JDK's or the agent's"), PATTERNS,
            "class patterns to instrument");
    public static final ConfigKey<List<ClassPattern>> EXCLUDE = define("exclude", Parsers.PATTERNS,
            Defaults.constant(List.<ClassPattern>of(), "none"), PATTERNS,
            "class patterns never to instrument");
    public static final ConfigKey<Selection> SELECT = define("select", Parsers.SELECT,
            Defaults.constant(Selection.RECURSIVE, "recursive"),
            "'recursive', 'all' or 'scan:<file>' (a report written by scan --json or --out)",
            "which methods: those in a call cycle (recursive), all, or those a scan report names (scan:<file>)");
    public static final ConfigKey<Double> WARN_AT = define("warnAt", Parsers.FRACTION,
            Defaults.constant(0.7, "0.7"), FRACTION + "0.7",
            "fraction of the thread's stack at which to warn");
    public static final ConfigKey<AgentConfig.Action> ACTION = define("action", Parsers.ACTION,
            Defaults.constant(AgentConfig.Action.WARN, "warn"), "'warn' or 'throw'",
            "warn, or throw to stop calls at throwAt, maxDepth and limits");
    public static final ConfigKey<Double> THROW_AT = define("throwAt", Parsers.FRACTION,
            Defaults.constant(0.9, "0.9"), FRACTION + "0.9",
            "fraction of the thread's stack at which action=throw stops the call");
    public static final ConfigKey<Integer> MAX_DEPTH = define("maxDepth", Parsers.wholeNumber(1, Policy.NO_LIMIT),
            Defaults.constant(Policy.NO_LIMIT, "no limit"), "a whole number of calls, at least 1",
            "limit on instrumented call depth per thread");
    public static final ConfigKey<Map<String, Integer>> LIMITS = define("limits", Parsers.LIMITS,
            Defaults.constant(Map.<String, Integer>of(), "none"), "entries pkg.Class#method=N separated by ';'",
            "per-method depth limits (com.acme.Tree#walk=1000;...)");
    public static final ConfigKey<Long> STACK_SIZE = define("stackSize", Parsers.size(64 * 1024, Long.MAX_VALUE),
            Defaults.constant(0L, "the size read from the JVM"), "a size such as 512k, 4m or 1048576 (at least 64k)",
            "the thread stack size to assume for every thread, like -Xss");
    public static final ConfigKey<Path> EVENT_LOG = define("eventLog", Parsers.PATH,
            Defaults.constant((Path) null, "no event log"), "a file path",
            "file to append one JSON object per event to");
    public static final ConfigKey<Long> GO_INITIAL = define("go.initial", Parsers.GO_INITIAL, Defaults.GO_INITIAL,
            "a power-of-two size of at least 512, e.g. 8k",
            "the Go model's start size, a power of two");
    public static final ConfigKey<Long> GO_GUARD = define("go.guard", Parsers.GO_GUARD, Defaults.GO_GUARD,
            "a size smaller than go.initial, e.g. 896",
            "the Go model's StackGuard");
    public static final ConfigKey<Long> GO_MAX = define("go.max", Parsers.GO_MAX,
            Defaults.constant(0L, "the thread's capacity"), "a size of at least go.initial, e.g. 1m, or 'capacity'",
            "the Go model's maximum stack, or capacity");
    public static final ConfigKey<GoStackParameters> GO_PRESET = define("go.preset", Parsers.GO_PRESET,
            Defaults.constant(GoStackParameters.ARTICLE, "article"),
            "'article' (8 KiB start, 896 B guard) or 'go' (2 KiB start, 928 B guard)",
            "the Go model's figures: article (8 KiB, 896 B) or go (2 KiB, 928 B: Go 1.4 and later)");
    public static final ConfigKey<Boolean> TRACE = define("trace", Parsers.TRACE,
            Defaults.constant(false, "no tracing"), "'growth' or 'none'",
            "growth: log and record every growth of the Go model's stacks");
    public static final ConfigKey<Long> NATIVE_RESERVE = define("nativeReserve", Parsers.size(0, 64L * 1024 * 1024),
            Defaults.constant(0L, "0"), "a size such as 0, 16k or 64k, below the stack size",
            "stack kept back on every thread for native (JNI, FFM) frames");
    public static final ConfigKey<Boolean> NATIVE = define("native", Parsers.ON_OFF,
            Defaults.constant(true, "on"), "'on' (read the real stack pointer where the platform allows) or 'off' (estimate only)",
            "on: read the real stack pointer and bounds; off: estimate from frame costs");
    public static final ConfigKey<String> CONFIG = define("config", Parsers.TEXT,
            Defaults.constant((String) null, "none"), "the path of a properties file",
            "a properties file with any of these keys");
    public static final ConfigKey<ListenAddress> PROMETHEUS = define("prometheus", Parsers.LISTEN_ADDRESS,
            Defaults.constant((ListenAddress) null, "no endpoint"),
            "host:port, [ipv6]:port or a port (host 127.0.0.1); port 0 picks a free one",
            "serve the meters in the Prometheus text format at http://host:port/metrics");
    public static final ConfigKey<AgentConfig.ReportPages> REPORT_PAGES = define("reportPages", Parsers.REPORT_PAGES,
            Defaults.constant(AgentConfig.ReportPages.ON_LOOPBACK, "on for a loopback bind, off otherwise"),
            "'on' (serve /stackwatch and /stackwatch.json next to /metrics) or 'off'",
            "on: the endpoint also serves the live report; off: /metrics only");
    public static final ConfigKey<String> LOG_LEVEL = define("logLevel", Parsers.LOG_LEVEL,
            Defaults.constant("INFO", "info"), "'error', 'warn', 'info', 'debug', 'trace' or 'off'",
            "the agent's own log level");
    public static final ConfigKey<LogTarget> LOG = define("log", Parsers.LOG_TARGET,
            Defaults.constant(LogTarget.STDERR, "stderr"), "'stderr', 'none' or 'file:PATH' (rolled at 10 MB, 4 older files kept)",
            "where the agent's own log goes: stderr, none, or a rolling file");
    public static final ConfigKey<LogSettings.Format> LOG_FORMAT = define("logFormat", Parsers.LOG_FORMAT,
            Defaults.constant(LogSettings.Format.TEXT, "text"),
            "'text' or 'json' (Logback's JSON lines, with the pid and the service name)",
            "the agent's log lines as text, or as JSON objects with the pid and the service name");
    public static final ConfigKey<Optional<OtlpSettings>> OTLP = define("otlp", Parsers.OTLP,
            Defaults.constant(Optional.<OtlpSettings>empty(), "off"),
            "an OTLP/HTTP endpoint such as http://collector:4318, 'on' (OTEL_EXPORTER_OTLP_ENDPOINT, default "
                    + "http://localhost:4318) or 'off'",
            "export the meters over OTLP/HTTP and the events as OTLP log records");
    public static final ConfigKey<Boolean> HOST_METRICS = define("hostMetrics", Parsers.ON_OFF,
            Defaults.constant(true, "on"), "'on' (register the meters in the application's own Micrometer) or 'off'",
            "on: register the agent's meters in the application's own Micrometer");
    public static final ConfigKey<Long> PATROL = define("patrol", Parsers.interval(10, true),
            Defaults.constant(0L, "off"), "an interval such as 30s, 500ms or 5m, or 'off'",
            "interval of the patrol of every thread's real frames, or off");
    public static final ConfigKey<Integer> PATROL_DEPTH = define("patrolDepth", Parsers.wholeNumber(1, Integer.MAX_VALUE),
            Defaults.constant(2000, "2000"), "a whole number of real frames, at least 1",
            "real frames above which the patrol warns about a thread");
    public static final ConfigKey<Double> PATROL_RATIO = define("patrolRatio", Parsers.FRACTION,
            Defaults.sameAs(WARN_AT), FRACTION + "0.7",
            "used fraction of a tracked thread's stack above which the patrol warns");
    public static final ConfigKey<Long> PATROL_BUDGET = define("patrolBudget", Parsers.interval(1, false),
            Defaults.constant(200L, "200ms"), "a time per round such as 200ms or 1s",
            "time a patrol round may spend re-reading deep threads in full");
    public static final ConfigKey<Integer> THREAD_RATE = define("threadRate", Parsers.wholeNumber(1, Integer.MAX_VALUE),
            Defaults.constant(0, "no thread-rate alarm"), "a whole number of thread starts per second, at least 1",
            "platform thread starts per second above which the agent warns");
    public static final ConfigKey<Long> THREAD_RATE_WINDOW = define("threadRateWindow", Parsers.interval(1000, false),
            Defaults.constant(10_000L, "10s"), "a window such as 10s or 1m (at least 1s)",
            "the window threadRate is averaged over");
    public static final ConfigKey<Boolean> THREAD_RATE_ACTION = define("threadRateAction", Parsers.REJECT,
            Defaults.constant(false, "warn"), "'warn' or 'reject'",
            "warn, or reject: refuse new platform threads while the rate is over threadRate");
    public static final ConfigKey<Long> STACK_INUSE = define("stackInuse", Parsers.size(1, Long.MAX_VALUE),
            Defaults.constant(0L, "no stack-in-use alarm"), "a size such as 64m or 512m",
            "stack in use that must not stay above this for stackInuseWindow");
    public static final ConfigKey<Long> STACK_INUSE_WINDOW = define("stackInuseWindow", Parsers.interval(1000, false),
            Defaults.constant(60_000L, "1m"), "a window such as 60s or 5m (at least 1s)",
            "how long stack in use must stay above stackInuse before the warning");

    private final String name;
    private final Parser<T> parser;
    private final Default<T> fallback;
    private final String accepted;
    private final String doc;

    private ConfigKey(String name, Parser<T> parser, Default<T> fallback, String accepted, String doc) {
        this.name = name;
        this.parser = parser;
        this.fallback = fallback;
        this.accepted = accepted;
        this.doc = doc;
    }

    private static <T> ConfigKey<T> define(String name, Parser<T> parser, Default<T> fallback, String accepted, String doc) {
        ConfigKey<T> key = new ConfigKey<>(name, parser, fallback, accepted, doc);
        ALL.add(key);
        return key;
    }

    /** Every key, in the order of the README's table. */
    public static List<ConfigKey<?>> all() {
        return Collections.unmodifiableList(ALL);
    }

    /** The key's name as written in agent arguments ({@code warnAt}). */
    public String key() {
        return name;
    }

    /** What the key accepts, for the line a bad value gets. */
    public String accepted() {
        return accepted;
    }

    /** One line saying what the key does. */
    public String doc() {
        return doc;
    }

    /** The default as the help says it ({@code 0.7}, {@code no limit}, {@code warnAt} for a default that follows another key). */
    public String defaultText() {
        return fallback.describe();
    }

    Parser<T> parser() {
        return parser;
    }

    Default<T> fallback() {
        return fallback;
    }

    /** The key with this name, ignoring case, dots, dashes and underscores (so STACKWATCH_WARN_AT finds warnAt). */
    public static ConfigKey<?> byName(String name) {
        String n = normalize(name);
        for (ConfigKey<?> k : ALL) {
            if (normalize(k.name).equals(n)) {
                return k;
            }
        }
        return null;
    }

    static String normalize(String name) {
        return name.replace("_", "").replace(".", "").replace("-", "").toLowerCase(Locale.ROOT);
    }

    /**
     * The key a mistyped name most likely meant ({@code wranAt} -> {@code warnAt}): the nearest by edit
     * distance over the normalized names, if at most two edits (one for short names) away; else null.
     */
    public static ConfigKey<?> closest(String name) {
        String n = normalize(name);
        ConfigKey<?> best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (ConfigKey<?> k : ALL) {
            int d = distance(n, normalize(k.name));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        int allowed = n.length() <= 4 ? 1 : 2;
        return bestDistance <= allowed ? best : null;
    }

    /** Edit distance with adjacent transpositions counted as one edit (optimal string alignment). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** {@code include, exclude, ...} for error messages. */
    public static String names() {
        StringBuilder sb = new StringBuilder();
        for (ConfigKey<?> k : ALL) {
            sb.append(sb.length() == 0 ? "" : ", ").append(k.name);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return name;
    }
}
