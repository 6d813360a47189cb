package io.stackwatch.agent.config;

import io.stackwatch.agent.scan.ScanFile;
import io.stackwatch.core.model.GoStackParameters;
import io.stackwatch.core.tracking.Policy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Reads the configuration from its four sources and validates it. Precedence, highest first:
 * agent arguments, {@code stackwatch.<key>} system properties, {@code STACKWATCH_<KEY>} environment
 * variables, the {@code config=} properties file. Every problem is reported as one line naming the
 * key and what it accepts; the key then keeps its default and everything else still applies.
 */
public final class ConfigLoader {

    private static final String PREFIX = "stackwatch: ";
    /** Problem lines written at most; the rest are counted in one last line. */
    static final int MAX_PROBLEM_LINES = 20;
    /** A {@code config=} file larger than this is not read (a configuration is a few dozen lines). */
    static final long MAX_CONFIG_FILE_BYTES = 1024 * 1024;

    private final Consumer<String> problems;
    private final Map<ConfigKey, String> values = new EnumMap<>(ConfigKey.class);
    private final Map<ConfigKey, String> sources = new EnumMap<>(ConfigKey.class);
    private int problemLines;

    private ConfigLoader(Consumer<String> problems) {
        this.problems = problems;
    }

    /** Loads from the real system properties and environment. */
    public static AgentConfig load(String agentArgs, Consumer<String> problems) {
        Map<String, String> props = new LinkedHashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            props.put(name, System.getProperty(name));
        }
        return load(agentArgs, props, System.getenv(), problems);
    }

    public static AgentConfig load(String agentArgs, Map<String, String> systemProperties, Map<String, String> env,
                                   Consumer<String> problems) {
        ConfigLoader loader = new ConfigLoader(problems);
        Map<ConfigKey, String> args = loader.fromAgentArgs(agentArgs);
        Map<ConfigKey, String> props = loader.fromPrefixed(systemProperties, "stackwatch.", "system property ", false);
        Map<ConfigKey, String> envs = loader.fromPrefixed(env, "STACKWATCH_", "environment variable ", true);
        String configFile = firstOf(ConfigKey.CONFIG, args, props, envs);
        Map<ConfigKey, String> file = configFile == null ? Map.of() : loader.fromFile(configFile);
        loader.merge(file, "config file " + configFile);
        loader.merge(envs, "environment");
        loader.merge(props, "system properties");
        loader.merge(args, "agent arguments");
        AgentConfig config = loader.build();
        loader.reportProblemsNotShown();
        return config;
    }

    private static String firstOf(ConfigKey key, Map<ConfigKey, String>... maps) {
        for (Map<ConfigKey, String> m : maps) {
            if (m.containsKey(key)) {
                return m.get(key);
            }
        }
        return null;
    }

    private void problem(String message) {
        // A config file of a million unknown keys must not become a million lines on the host's stderr.
        if (++problemLines > MAX_PROBLEM_LINES) {
            return;
        }
        problems.accept(PREFIX + oneLine(message));
    }

    /** One line for the problems beyond {@link #MAX_PROBLEM_LINES}, if there were any. */
    private void reportProblemsNotShown() {
        if (problemLines > MAX_PROBLEM_LINES) {
            problems.accept(PREFIX + (problemLines - MAX_PROBLEM_LINES) + " more configuration problems not shown (only the first "
                    + MAX_PROBLEM_LINES + " are); the settings above apply");
        }
    }

    /** A message quotes the user's values, which may hold line breaks: one problem stays one line. */
    static String oneLine(String message) {
        StringBuilder sb = new StringBuilder(message.length());
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085') {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private Map<ConfigKey, String> fromAgentArgs(String args) {
        Map<ConfigKey, String> out = new EnumMap<>(ConfigKey.class);
        if (args == null || args.isBlank()) {
            return out;
        }
        for (String entry : args.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                problem("ignoring agent argument \"" + entry.trim() + "\": expected key=value (keys: " + ConfigKey.names() + ")");
                continue;
            }
            put(out, entry.substring(0, eq).trim(), entry.substring(eq + 1).trim(), "agent argument ");
        }
        return out;
    }

    private Map<ConfigKey, String> fromPrefixed(Map<String, String> source, String prefix, String what, boolean ignoreCase) {
        Map<ConfigKey, String> out = new EnumMap<>(ConfigKey.class);
        for (Map.Entry<String, String> e : source.entrySet()) {
            String name = e.getKey();
            boolean matches = ignoreCase ? name.toUpperCase(Locale.ROOT).startsWith(prefix) : name.startsWith(prefix);
            if (matches && name.length() > prefix.length()) {
                put(out, name.substring(prefix.length()), e.getValue() == null ? "" : e.getValue().trim(), what + name + " -> ");
            }
        }
        return out;
    }

    private Map<ConfigKey, String> fromFile(String file) {
        Map<ConfigKey, String> out = new EnumMap<>(ConfigKey.class);
        Properties p = new Properties();
        try {
            Path path = Paths.get(file);
            // Never opened unless a regular file: opening a FIFO waits for a writer, for ever, on the way to main.
            if (Files.exists(path) && !Files.isRegularFile(path)) {
                throw new IOException("not a regular file: a FIFO, a device or a directory is never opened");
            }
            if (Files.exists(path) && Files.size(path) > MAX_CONFIG_FILE_BYTES) {
                throw new IOException(Files.size(path) + " bytes, more than a configuration file of "
                        + MAX_CONFIG_FILE_BYTES / 1024 + " KiB can hold");
            }
            try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        } catch (IOException | IllegalArgumentException e) {
            problem("cannot read config=" + file + " (" + describe(e) + "): expected " + ConfigKey.CONFIG.accepted()
                    + "; the other sources still apply");
            return out;
        }
        for (String name : p.stringPropertyNames()) {
            String key = name.startsWith("stackwatch.") ? name.substring("stackwatch.".length()) : name;
            put(out, key, p.getProperty(name).trim(), "config file " + file + ": ");
        }
        return out;
    }

    private void put(Map<ConfigKey, String> out, String name, String value, String where) {
        ConfigKey key = ConfigKey.byName(name);
        if (key == null) {
            problem("ignoring unknown key \"" + name + "\" (" + where.replace(" -> ", "").trim() + "); known keys: " + ConfigKey.names());
            return;
        }
        out.put(key, value);
    }

    private void merge(Map<ConfigKey, String> layer, String source) {
        for (Map.Entry<ConfigKey, String> e : layer.entrySet()) {
            values.put(e.getKey(), e.getValue());
            sources.put(e.getKey(), source);
        }
    }

    private void bad(ConfigKey key, String fallback) {
        problem("ignoring " + key.key() + "=\"" + values.get(key) + "\" from " + sources.get(key) + ": expected "
                + key.accepted() + "; using " + fallback);
    }

    private AgentConfig build() {
        List<ClassPattern> include = patterns(ConfigKey.INCLUDE);
        List<ClassPattern> exclude = patterns(ConfigKey.EXCLUDE);

        AgentConfig.Select select = AgentConfig.Select.RECURSIVE;
        ScanFile scanFile = null;
        String scanFileName = null;
        String v = values.get(ConfigKey.SELECT);
        if (v != null) {
            if (v.equalsIgnoreCase("recursive")) {
                select = AgentConfig.Select.RECURSIVE;
            } else if (v.equalsIgnoreCase("all")) {
                select = AgentConfig.Select.ALL;
            } else if (v.regionMatches(true, 0, "scan:", 0, 5)) {
                scanFileName = v.substring(5).trim();
                scanFile = scanFile(scanFileName);
                select = scanFile == null ? AgentConfig.Select.RECURSIVE : AgentConfig.Select.SCAN;
            } else {
                bad(ConfigKey.SELECT, "recursive");
            }
        }

        AgentConfig.Action action = AgentConfig.Action.WARN;
        v = values.get(ConfigKey.ACTION);
        if (v != null) {
            if (v.equalsIgnoreCase("warn")) {
                action = AgentConfig.Action.WARN;
            } else if (v.equalsIgnoreCase("throw")) {
                action = AgentConfig.Action.THROW;
            } else {
                bad(ConfigKey.ACTION, "warn");
            }
        }

        double warnAt = fraction(ConfigKey.WARN_AT, 0.7);
        double throwAt = fraction(ConfigKey.THROW_AT, 0.9);

        int maxDepth = Policy.NO_LIMIT;
        v = values.get(ConfigKey.MAX_DEPTH);
        if (v != null) {
            long n = wholeNumber(v);
            if (n >= 1 && n < Policy.NO_LIMIT) {
                maxDepth = (int) n;
            } else {
                bad(ConfigKey.MAX_DEPTH, "no limit");
            }
        }

        Map<String, Integer> limits = limits();

        long stackSize = 0;
        v = values.get(ConfigKey.STACK_SIZE);
        if (v != null) {
            long n = ByteSize.parse(v);
            if (n >= 64 * 1024) {
                stackSize = n;
            } else {
                bad(ConfigKey.STACK_SIZE, "the size read from the JVM");
            }
        }

        Path eventLog = null;
        v = values.get(ConfigKey.EVENT_LOG);
        if (v != null) {
            try {
                if (v.isEmpty()) {
                    throw new InvalidPathException(v, "empty");
                }
                eventLog = Paths.get(v);
            } catch (InvalidPathException e) {
                bad(ConfigKey.EVENT_LOG, "no event log");
            }
        }

        GoStackParameters go = goParameters();

        boolean traceGrowth = false;
        v = values.get(ConfigKey.TRACE);
        if (v != null) {
            for (String t : v.split(";")) {
                String s = t.trim().toLowerCase(Locale.ROOT);
                if (s.equals("growth")) {
                    traceGrowth = true;
                } else if (!s.equals("none") && !s.isEmpty()) {
                    bad(ConfigKey.TRACE, "no tracing");
                    traceGrowth = false;
                    break;
                }
            }
        }
        boolean nativeReadings = true;
        v = values.get(ConfigKey.NATIVE);
        if (v != null) {
            if (v.equalsIgnoreCase("off") || v.equalsIgnoreCase("false")) {
                nativeReadings = false;
            } else if (!v.equalsIgnoreCase("on") && !v.equalsIgnoreCase("true")) {
                bad(ConfigKey.NATIVE, "on");
            }
        }
        long nativeReserve = 0;
        v = values.get(ConfigKey.NATIVE_RESERVE);
        if (v != null) {
            long n = ByteSize.parse(v);
            if (n >= 0 && n <= 64L * 1024 * 1024) {
                nativeReserve = n;
            } else {
                bad(ConfigKey.NATIVE_RESERVE, "0");
            }
        }
        ListenAddress prometheus = null;
        v = values.get(ConfigKey.PROMETHEUS);
        if (v != null) {
            prometheus = ListenAddress.parse(v);
            if (prometheus == null) {
                bad(ConfigKey.PROMETHEUS, "no endpoint");
            }
        }
        boolean hostMetrics = true;
        v = values.get(ConfigKey.HOST_METRICS);
        if (v != null) {
            if (v.equalsIgnoreCase("off") || v.equalsIgnoreCase("false")) {
                hostMetrics = false;
            } else if (!v.equalsIgnoreCase("on") && !v.equalsIgnoreCase("true")) {
                bad(ConfigKey.HOST_METRICS, "on");
            }
        }
        AgentConfig.ReportPages reportPages = AgentConfig.ReportPages.ON_LOOPBACK;
        v = values.get(ConfigKey.REPORT_PAGES);
        if (v != null) {
            if (v.equalsIgnoreCase("on") || v.equalsIgnoreCase("true")) {
                reportPages = AgentConfig.ReportPages.ON;
            } else if (v.equalsIgnoreCase("off") || v.equalsIgnoreCase("false")) {
                reportPages = AgentConfig.ReportPages.OFF;
            } else {
                bad(ConfigKey.REPORT_PAGES, "on for a loopback bind, off otherwise");
            }
        }
        return new AgentConfig(include, exclude, select, scanFile, scanFileName, warnAt, action, throwAt, maxDepth, limits,
                stackSize, eventLog, go, traceGrowth, nativeReadings, nativeReserve, prometheus, hostMetrics).withOps(opsConfig(warnAt))
                .withReportPages(reportPages);
    }

    /** The report named by {@code select=scan:<file>}, or null after one line saying why it cannot be used. */
    private ScanFile scanFile(String file) {
        String why;
        try {
            if (file.isEmpty()) {
                why = "no file named";
            } else {
                return ScanFile.read(Paths.get(file));
            }
        } catch (IOException | InvalidPathException e) {
            why = "cannot read " + file + " (" + describe(e) + ")";
        } catch (IllegalArgumentException e) {
            why = file + " is not a usable scan report (" + e.getMessage() + ")";
        }
        problem("ignoring " + ConfigKey.SELECT.key() + "=\"" + values.get(ConfigKey.SELECT) + "\" from "
                + sources.get(ConfigKey.SELECT) + ": " + why + "; expected " + ConfigKey.SELECT.accepted() + "; using recursive");
        return null;
    }

    private List<ClassPattern> patterns(ConfigKey key) {
        List<ClassPattern> out = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        String v = values.get(key);
        if (v == null) {
            return out;
        }
        for (String part : v.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            ClassPattern p = ClassPattern.parse(part);
            if (p == null) {
                rejected.add(part.trim());
            } else {
                out.add(p);
            }
        }
        if (key == ConfigKey.INCLUDE && out.isEmpty() && !rejected.isEmpty()) {
            problem("ignoring include=\"" + v + "\" from " + sources.get(key) + ": expected " + key.accepted()
                    + "; with no usable pattern nothing is instrumented");
            // Instrument nothing rather than everything: the user meant to narrow, not to widen.
            out.add(ClassPattern.parse("io.stackwatch.nothing.Nothing"));
            return out;
        }
        for (String part : rejected) {
            problem("ignoring " + key.key() + " pattern \"" + part + "\" from " + sources.get(key)
                    + ": expected " + key.accepted());
        }
        return out;
    }

    private double fraction(ConfigKey key, double fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v);
            if (d > 0 && d <= 1 && !v.toLowerCase(Locale.ROOT).contains("n")) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        bad(key, String.valueOf(fallback));
        return fallback;
    }

    private static long wholeNumber(String v) {
        if (v.isEmpty() || v.length() > 10) {
            return -1;
        }
        for (int i = 0; i < v.length(); i++) {
            if (!Character.isDigit(v.charAt(i))) {
                return -1;
            }
        }
        return Long.parseLong(v);
    }

    private Map<String, Integer> limits() {
        Map<String, Integer> out = new LinkedHashMap<>();
        String v = values.get(ConfigKey.LIMITS);
        if (v == null) {
            return out;
        }
        for (String entry : v.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            String e = entry.trim();
            int hash = e.indexOf('#');
            int eq = e.lastIndexOf('=');
            long n = eq > 0 ? wholeNumber(e.substring(eq + 1).trim()) : -1;
            String cls = hash > 0 ? e.substring(0, hash).trim() : "";
            String method = hash > 0 && eq > hash ? e.substring(hash + 1, eq).trim() : "";
            if (n < 1 || n >= Policy.NO_LIMIT || cls.isEmpty() || method.isEmpty()
                    || !cls.matches("[\\p{javaJavaIdentifierPart}.&&[^\\p{Cntrl}]]+")
                    || !method.matches("[\\p{javaJavaIdentifierPart}<>&&[^\\p{Cntrl}]]+")) {
                problem("ignoring limits entry \"" + e + "\" from " + sources.get(ConfigKey.LIMITS) + ": expected "
                        + ConfigKey.LIMITS.accepted() + " with N at least 1");
                continue;
            }
            out.put(cls + "#" + method, (int) n);
        }
        return out;
    }

    private GoStackParameters goParameters() {
        GoStackParameters go = GoStackParameters.ARTICLE;
        String preset = values.get(ConfigKey.GO_PRESET);
        if (preset != null) {
            if (preset.equalsIgnoreCase("go")) {
                go = GoStackParameters.GO;
            } else if (!preset.equalsIgnoreCase("article")) {
                bad(ConfigKey.GO_PRESET, "article");
            }
        }
        // Read both before checking either: the guard must fit the start size given with it.
        String initial = values.get(ConfigKey.GO_INITIAL);
        String guard = values.get(ConfigKey.GO_GUARD);
        long initialBytes = go.initialBytes();
        long guardBytes = go.guardBytes();
        if (initial != null) {
            long n = ByteSize.parse(initial);
            if (n >= 512 && Long.bitCount(n) == 1 && n <= 1L << 30) {
                initialBytes = n;
            } else {
                bad(ConfigKey.GO_INITIAL, go.initialBytes() + "");
            }
        }
        if (guard != null) {
            long n = ByteSize.parse(guard);
            if (n >= 0 && n < initialBytes) {
                guardBytes = n;
            } else {
                bad(ConfigKey.GO_GUARD, Math.min(go.guardBytes(), initialBytes / 2) + "");
                guardBytes = Math.min(go.guardBytes(), initialBytes / 2);
            }
        } else if (guardBytes >= initialBytes) {
            bad(ConfigKey.GO_INITIAL, go.initialBytes() + " (it must be larger than go.guard " + guardBytes + ")");
            initialBytes = go.initialBytes();
        }
        go = new GoStackParameters(initialBytes, guardBytes, go.maxBytes());
        String max = values.get(ConfigKey.GO_MAX);
        if (max != null && !max.equalsIgnoreCase("capacity")) {
            long n = ByteSize.parse(max);
            if (n >= go.initialBytes()) {
                go = go.withMax(n);
            } else {
                bad(ConfigKey.GO_MAX, "the thread's capacity");
            }
        }
        return go;
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** The operational checks: patrol, thread start rate, stack in use. */
    private OpsConfig opsConfig(double warnAt) {
        long patrolMillis = 0;
        String v = values.get(ConfigKey.PATROL);
        if (v != null && !v.equalsIgnoreCase("off")) {
            long ms = Durations.parseMillis(v);
            if (ms >= 10) {
                patrolMillis = ms;
            } else {
                bad(ConfigKey.PATROL, "off");
            }
        }
        int patrolDepth = OpsConfig.DEFAULTS.patrolDepth();
        v = values.get(ConfigKey.PATROL_DEPTH);
        if (v != null) {
            long n = wholeNumber(v);
            if (n >= 1 && n < Integer.MAX_VALUE) {
                patrolDepth = (int) n;
            } else {
                bad(ConfigKey.PATROL_DEPTH, String.valueOf(patrolDepth));
            }
        }
        double patrolRatio = values.containsKey(ConfigKey.PATROL_RATIO) ? fraction(ConfigKey.PATROL_RATIO, warnAt) : warnAt;
        long patrolBudget = window(ConfigKey.PATROL_BUDGET, OpsConfig.DEFAULTS.patrolBudgetMillis(), 1);
        int threadRate = 0;
        v = values.get(ConfigKey.THREAD_RATE);
        if (v != null) {
            long n = wholeNumber(v);
            if (n >= 1 && n < Integer.MAX_VALUE) {
                threadRate = (int) n;
            } else {
                bad(ConfigKey.THREAD_RATE, "no thread-rate alarm");
            }
        }
        long rateWindow = window(ConfigKey.THREAD_RATE_WINDOW, OpsConfig.DEFAULTS.threadRateWindowMillis(), 1000);
        boolean reject = false;
        v = values.get(ConfigKey.THREAD_RATE_ACTION);
        if (v != null) {
            if (v.equalsIgnoreCase("reject")) {
                reject = true;
            } else if (!v.equalsIgnoreCase("warn")) {
                bad(ConfigKey.THREAD_RATE_ACTION, "warn");
            }
        }
        if (reject && threadRate == 0) {
            problem("ignoring " + ConfigKey.THREAD_RATE_ACTION.key() + "=reject: it needs " + ConfigKey.THREAD_RATE.key()
                    + " (" + ConfigKey.THREAD_RATE.accepted() + "); no thread start is refused");
            reject = false;
        }
        long stackInuse = 0;
        v = values.get(ConfigKey.STACK_INUSE);
        if (v != null) {
            long n = ByteSize.parse(v);
            if (n >= 1) {
                stackInuse = n;
            } else {
                bad(ConfigKey.STACK_INUSE, "no stack-in-use alarm");
            }
        }
        long inuseWindow = window(ConfigKey.STACK_INUSE_WINDOW, OpsConfig.DEFAULTS.stackInuseWindowMillis(), 1000);
        return new OpsConfig(patrolMillis, patrolDepth, patrolRatio, patrolBudget, threadRate, rateWindow, reject,
                stackInuse, inuseWindow);
    }

    private long window(ConfigKey key, long fallback, long min) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        long ms = Durations.parseMillis(v);
        if (ms >= min) {
            return ms;
        }
        bad(key, Durations.format(fallback));
        return fallback;
    }
}
