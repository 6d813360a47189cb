package io.stackwatch.agent.config;

import io.stackwatch.agent.json.HostStrings;
import io.stackwatch.agent.logging.LogSettings;
import io.stackwatch.core.gomodel.GoStackParameters;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Reads the configuration from its four sources and checks it against the {@link ConfigKey} table.
 * Precedence, highest first: agent arguments, {@code stackwatch.<key>} system properties,
 * {@code STACKWATCH_<KEY>} environment variables, the {@code config=} properties file. Every problem
 * is reported as one line naming the key and what it accepts; the key then keeps its default and
 * everything else still applies.
 */
public final class ConfigLoader {

    private static final String PREFIX = "stackwatch: ";
    /** Problem lines written at most; the rest are counted in one last line. */
    static final int MAX_PROBLEM_LINES = 20;
    /** A {@code config=} file larger than this is not read (a configuration is a few dozen lines). */
    static final long MAX_CONFIG_FILE_BYTES = 1024 * 1024;

    private final Consumer<String> problems;
    private final MethodSelection.Reader reports;
    /** The environment read ({@code otlp=} and the log's service name take OpenTelemetry's variables from it). */
    private final Map<String, String> env;
    /** The keys whose text was not used (unknown names, refused values), in the order met. */
    private final List<String> ignored = new ArrayList<>();
    /** Each given key's text and where it came from. */
    private final Map<ConfigKey<?>, String> texts = new HashMap<>();
    private final Map<ConfigKey<?>, String> sources = new HashMap<>();
    /** Each key's value, once read. */
    private final Map<ConfigKey<?>, Object> read = new HashMap<>();
    private int problemLines;

    private ConfigLoader(MethodSelection.Reader reports, Map<String, String> env, Consumer<String> problems) {
        this.reports = reports;
        this.env = env;
        this.problems = problems;
    }

    /** Loads from the real system properties and environment; {@code reports} reads {@code select=scan:<file>}. */
    public static AgentConfig load(String agentArgs, MethodSelection.Reader reports, Consumer<String> problems) {
        Map<String, String> props = new LinkedHashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            props.put(name, System.getProperty(name));
        }
        return load(agentArgs, props, System.getenv(), reports, problems);
    }

    public static AgentConfig load(String agentArgs, Map<String, String> systemProperties, Map<String, String> env,
                                   MethodSelection.Reader reports, Consumer<String> problems) {
        ConfigLoader loader = new ConfigLoader(reports, env, problems);
        Map<ConfigKey<?>, String> args = loader.fromAgentArgs(agentArgs);
        Map<ConfigKey<?>, String> props = loader.fromPrefixed(systemProperties, "stackwatch.", "system property ", false);
        Map<ConfigKey<?>, String> envs = loader.fromPrefixed(env, "STACKWATCH_", "environment variable ", true);
        String configFile = firstOf(ConfigKey.CONFIG, args, props, envs);
        Map<ConfigKey<?>, String> file = configFile == null ? Map.of() : loader.fromFile(configFile);
        loader.merge(file, "config file " + configFile);
        loader.merge(envs, "environment");
        loader.merge(props, "system properties");
        loader.merge(args, "agent arguments");
        AgentConfig config = loader.build();
        loader.reportProblemsNotShown();
        return config;
    }

    @SafeVarargs
    private static String firstOf(ConfigKey<?> key, Map<ConfigKey<?>, String>... maps) {
        for (Map<ConfigKey<?>, String> m : maps) {
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
        // A message quotes the user's values, which may hold line breaks: one problem stays one line.
        problems.accept(PREFIX + HostStrings.oneLine(message));
    }

    /** One line for the problems beyond {@link #MAX_PROBLEM_LINES}, if there were any. */
    private void reportProblemsNotShown() {
        if (problemLines > MAX_PROBLEM_LINES) {
            problems.accept(PREFIX + (problemLines - MAX_PROBLEM_LINES) + " more configuration problems not shown (only the first "
                    + MAX_PROBLEM_LINES + " are); the settings above apply");
        }
    }

    private Map<ConfigKey<?>, String> fromAgentArgs(String args) {
        Map<ConfigKey<?>, String> out = new HashMap<>();
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

    /** System properties of the agent's that are no setting: a tool for a look at what it rewrote (README). */
    private static final java.util.Set<String> NOT_SETTINGS = java.util.Set.of("stackwatch.dumpDir");

    private Map<ConfigKey<?>, String> fromPrefixed(Map<String, String> source, String prefix, String what, boolean ignoreCase) {
        Map<ConfigKey<?>, String> out = new HashMap<>();
        for (Map.Entry<String, String> e : source.entrySet()) {
            String name = e.getKey();
            boolean matches = ignoreCase ? name.toUpperCase(Locale.ROOT).startsWith(prefix) : name.startsWith(prefix);
            if (matches && name.length() > prefix.length() && !NOT_SETTINGS.contains(name)) {
                put(out, name.substring(prefix.length()), e.getValue() == null ? "" : e.getValue().trim(), what + name + " -> ");
            }
        }
        return out;
    }

    private Map<ConfigKey<?>, String> fromFile(String file) {
        Map<ConfigKey<?>, String> out = new HashMap<>();
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
            problem("cannot read config=" + file + " (" + Parsers.describe(e) + "): expected " + ConfigKey.CONFIG.accepted()
                    + "; the other sources still apply");
            return out;
        }
        for (String name : p.stringPropertyNames()) {
            String key = name.startsWith("stackwatch.") ? name.substring("stackwatch.".length()) : name;
            put(out, key, p.getProperty(name).trim(), "config file " + file + ": ");
        }
        return out;
    }

    private void put(Map<ConfigKey<?>, String> out, String name, String value, String where) {
        ConfigKey<?> key = ConfigKey.byName(name);
        if (key == null) {
            ConfigKey<?> meant = ConfigKey.closest(name);
            problem("ignoring unknown key \"" + name + "\" (" + where.replace(" -> ", "").trim() + "); "
                    + (meant != null ? "did you mean " + meant.key() + "?" : "known keys: " + ConfigKey.names()));
            ignored.add(name);
            return;
        }
        out.put(key, value);
    }

    private void merge(Map<ConfigKey<?>, String> layer, String source) {
        for (Map.Entry<ConfigKey<?>, String> e : layer.entrySet()) {
            texts.put(e.getKey(), e.getValue());
            sources.put(e.getKey(), source);
        }
    }

    private void bad(ConfigKey<?> key, String fallback) {
        refuse(key, "expected " + key.accepted() + "; using " + fallback);
    }

    private void refuse(ConfigKey<?> key, String why) {
        ignored.add(key.key());
        problem("ignoring " + key.key() + "=\"" + texts.get(key) + "\" from " + sources.get(key) + ": " + why);
    }

    /** Reads every key (in the table's order; a key whose parser or default needs another reads that one first). */
    private AgentConfig build() {
        for (ConfigKey<?> key : ConfigKey.all()) {
            value(key);
        }
        Setting keys = new KeyReading(null);
        GoStackParameters go = goParameters(keys);
        if (keys.get(ConfigKey.THREAD_RATE_ACTION) && keys.get(ConfigKey.THREAD_RATE) == 0) {
            problem("ignoring " + ConfigKey.THREAD_RATE_ACTION.key() + "=reject: it needs " + ConfigKey.THREAD_RATE.key()
                    + " (" + ConfigKey.THREAD_RATE.accepted() + "); no thread start is refused");
            read.put(ConfigKey.THREAD_RATE_ACTION, false);
        }
        LogSettings logging = new LogSettings(keys.get(ConfigKey.LOG_LEVEL), keys.get(ConfigKey.LOG),
                keys.get(ConfigKey.LOG_FORMAT), serviceName());
        return new AgentConfig(Collections.unmodifiableMap(new HashMap<>(read)), go, OpsConfig.of(keys), logging,
                List.copyOf(new LinkedHashSet<>(ignored)));
    }

    /** {@code OTEL_SERVICE_NAME}, else what the JVM was started with (the main class or the jar). */
    private String serviceName() {
        String service = env.get("OTEL_SERVICE_NAME");
        if (service != null && !service.isBlank()) {
            return service.trim();
        }
        String command = System.getProperty("sun.java.command", "").trim();
        int space = command.indexOf(' ');
        String first = space < 0 ? command : command.substring(0, space);
        try {
            return first.isEmpty() ? null : Paths.get(first).getFileName().toString();
        } catch (java.nio.file.InvalidPathException e) {
            return first;
        }
    }

    /** A key's value: its text read by its parser, or its default (after one line when the text was refused). */
    @SuppressWarnings("unchecked")
    private <T> T value(ConfigKey<T> key) {
        if (read.containsKey(key)) {
            return (T) read.get(key);
        }
        Setting setting = new KeyReading(key);
        String text = texts.get(key);
        T value = text == null ? null : key.parser().parse(text, setting);
        if (value == null) {
            boolean given = text != null;
            value = key.fallback().value(setting, given);
            if (given) {
                bad(key, key.fallback().text(setting, true));
            }
        }
        read.put(key, value);
        return value;
    }

    /**
     * The Go model's keys together: a start size that is not above the preset's guard (when no guard
     * is given with it) falls back to the preset's, and a maximum below the start size to the capacity.
     */
    private GoStackParameters goParameters(Setting keys) {
        GoStackParameters preset = keys.get(ConfigKey.GO_PRESET);
        long initial = keys.get(ConfigKey.GO_INITIAL);
        long guard = keys.get(ConfigKey.GO_GUARD);
        if (!texts.containsKey(ConfigKey.GO_GUARD) && guard >= initial) {
            bad(ConfigKey.GO_INITIAL, preset.initialBytes() + " (it must be larger than go.guard " + guard + ")");
            initial = preset.initialBytes();
            read.put(ConfigKey.GO_INITIAL, initial);
        }
        long max = keys.get(ConfigKey.GO_MAX);
        if (max > 0 && max < initial) {
            bad(ConfigKey.GO_MAX, ConfigKey.GO_MAX.fallback().text(keys, true));
            max = 0;
            read.put(ConfigKey.GO_MAX, max);
        }
        return new GoStackParameters(initial, guard, max);
    }

    /** One key being read, for its parser and its default. */
    private final class KeyReading implements Setting {
        private final ConfigKey<?> key;

        KeyReading(ConfigKey<?> key) {
            this.key = key;
        }

        @Override
        public ConfigKey<?> key() {
            return key;
        }

        @Override
        public String source() {
            return sources.get(key);
        }

        @Override
        public <V> V get(ConfigKey<V> other) {
            return value(other);
        }

        @Override
        public void problem(String message) {
            ConfigLoader.this.problem(message);
        }

        @Override
        public void refuse(String why) {
            ConfigLoader.this.refuse(key, why);
        }

        @Override
        public Map<String, String> environment() {
            return env;
        }

        @Override
        public MethodSelection.Reader reports() {
            return reports;
        }
    }
}
