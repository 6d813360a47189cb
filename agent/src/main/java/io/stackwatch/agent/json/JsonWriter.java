package io.stackwatch.agent.json;

import java.util.List;
import java.util.Locale;

/**
 * The agent's one JSON writer (it carries no JSON library): objects and arrays with keys and values,
 * commas placed for the caller, every string escaped by {@link HostStrings#quote}. Everything on one line
 * (the event log, the live report, the checks' findings) unless the caller asks for one member per
 * line down to some depth (the scan's report, kept readable and diffable).
 */
public final class JsonWriter {

    private final StringBuilder sb = new StringBuilder(4096);
    /** Per open container: whether something was written in it yet. */
    private boolean[] nonEmpty = new boolean[16];
    private int depth;
    private int breakDepth;

    /** An object begun: the usual start of a one-line object. */
    public static JsonWriter object() {
        return new JsonWriter().beginObject();
    }

    /** Containers opened at or above this depth put each member on its own line. */
    public JsonWriter breakLinesUpTo(int depth) {
        this.breakDepth = depth;
        return this;
    }

    public JsonWriter beginObject() {
        return open('{');
    }

    public JsonWriter endObject() {
        return close('}');
    }

    public JsonWriter beginArray() {
        return open('[');
    }

    public JsonWriter endArray() {
        return close(']');
    }

    public JsonWriter key(String k) {
        separator();
        string(k);
        sb.append(':');
        pendingValue = true;
        return this;
    }

    public JsonWriter value(String v) {
        separator();
        if (v == null) {
            sb.append("null");
        } else {
            string(v);
        }
        return this;
    }

    public JsonWriter value(long v) {
        separator();
        sb.append(v);
        return this;
    }

    public JsonWriter value(boolean v) {
        separator();
        sb.append(v);
        return this;
    }

    /** A number in fixed point with this many decimals ({@code null} when not finite), whatever the default locale. */
    public JsonWriter value(double v, int decimals) {
        separator();
        sb.append(Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "null");
        return this;
    }

    /** An array of strings. */
    public JsonWriter value(List<String> values) {
        beginArray();
        for (String v : values) {
            value(v);
        }
        return endArray();
    }

    public JsonWriter nullValue() {
        separator();
        sb.append("null");
        return this;
    }

    public JsonWriter field(String k, String v) {
        return key(k).value(v);
    }

    public JsonWriter field(String k, long v) {
        return key(k).value(v);
    }

    public JsonWriter field(String k, boolean v) {
        return key(k).value(v);
    }

    public JsonWriter field(String k, double v, int decimals) {
        return key(k).value(v, decimals);
    }

    public JsonWriter field(String k, List<String> values) {
        return key(k).value(values);
    }

    public JsonWriter nullField(String k) {
        return key(k).nullValue();
    }

    private boolean pendingValue;

    private void separator() {
        if (pendingValue) {
            pendingValue = false;
            return;
        }
        if (depth > 0) {
            if (nonEmpty[depth - 1]) {
                sb.append(',');
            }
            nonEmpty[depth - 1] = true;
            if (depth <= breakDepth) {
                sb.append('\n');
                indent(depth);
            }
        }
    }

    private JsonWriter open(char c) {
        separator();
        sb.append(c);
        if (depth == nonEmpty.length) {
            nonEmpty = java.util.Arrays.copyOf(nonEmpty, depth * 2);
        }
        nonEmpty[depth++] = false;
        return this;
    }

    private JsonWriter close(char c) {
        depth--;
        if (nonEmpty[depth] && depth + 1 <= breakDepth) {
            sb.append('\n');
            indent(depth);
        }
        sb.append(c);
        return this;
    }

    private void indent(int n) {
        for (int i = 0; i < n; i++) {
            sb.append("  ");
        }
    }

    private void string(String s) {
        HostStrings.quote(sb, s);
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
