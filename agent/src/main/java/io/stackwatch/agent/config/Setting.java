package io.stackwatch.agent.config;

/** What a {@link Parser} may ask while it reads one key's text: where it came from, the other keys, where to report. */
interface Setting {

    /** The key being read. */
    ConfigKey<?> key();

    /** Where its text came from: {@code agent arguments}, {@code system properties}, ... */
    String source();

    /** Another key's value (read first if need be). */
    <V> V get(ConfigKey<V> key);

    /** Reports one line (prefixed and kept on one line by the loader). */
    void problem(String message);

    /** Refuses the whole value: one line, {@code ignoring key="value" from source: } and then {@code why}. */
    void refuse(String why);

    /** The environment the keys were read from (the OpenTelemetry variables {@code otlp=} takes the rest from). */
    java.util.Map<String, String> environment();

    /** Reads the scan report named by {@code select=scan:<file>}. */
    MethodSelection.Reader reports();
}
