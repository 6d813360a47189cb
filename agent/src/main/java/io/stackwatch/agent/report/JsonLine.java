package io.stackwatch.agent.report;

import java.util.List;
import java.util.Locale;

/** Builds one JSON object on one line. Escapes everything a thread or method name could smuggle in. */
final class JsonLine {

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

    JsonLine put(String k, String v) {
        key(k);
        if (v == null) {
            sb.append("null");
        } else {
            string(v);
        }
        return this;
    }

    JsonLine put(String k, long v) {
        key(k).sb.append(v);
        return this;
    }

    JsonLine put(String k, boolean v) {
        key(k).sb.append(v);
        return this;
    }

    JsonLine put(String k, double v) {
        key(k);
        if (Double.isFinite(v)) {
            sb.append(String.format(Locale.ROOT, "%.4f", v));
        } else {
            sb.append("null");
        }
        return this;
    }

    JsonLine putNull(String k) {
        key(k).sb.append("null");
        return this;
    }

    JsonLine put(String k, List<String> values) {
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

    private void string(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20 || c == 0x2028 || c == 0x2029 || Character.isSurrogate(c) && !validSurrogate(s, i)) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    @Override
    public String toString() {
        return sb.toString() + '}';
    }
}
