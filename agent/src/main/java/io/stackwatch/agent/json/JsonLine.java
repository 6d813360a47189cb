package io.stackwatch.agent.json;

import java.util.List;
import java.util.Locale;

/** Builds one JSON object on one line. Escapes everything a thread or method name could smuggle in. */
public final class JsonLine {

    private final StringBuilder sb = new StringBuilder(512).append('{');
    private boolean first = true;

    private JsonLine key(String k) {
        if (!first) {
            sb.append(',');
        }
        first = false;
        string(k);
        sb.append(':');
        return this;
    }

    public JsonLine put(String k, String v) {
        key(k);
        if (v == null) {
            sb.append("null");
        } else {
            string(v);
        }
        return this;
    }

    public JsonLine put(String k, long v) {
        key(k).sb.append(v);
        return this;
    }

    public JsonLine put(String k, boolean v) {
        key(k).sb.append(v);
        return this;
    }

    public JsonLine put(String k, double v) {
        key(k);
        if (Double.isFinite(v)) {
            sb.append(String.format(Locale.ROOT, "%.4f", v));
        } else {
            sb.append("null");
        }
        return this;
    }

    public JsonLine putNull(String k) {
        key(k).sb.append("null");
        return this;
    }

    public JsonLine put(String k, List<String> values) {
        key(k).sb.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            string(values.get(i));
        }
        sb.append(']');
        return this;
    }

    /** Puts a value already written as JSON (a nested object or array). */
    public JsonLine putRaw(String k, String json) {
        key(k).sb.append(json);
        return this;
    }

    private void string(String s) {
        JsonStrings.quote(sb, s);
    }

    @Override
    public String toString() {
        return sb.toString() + '}';
    }
}
