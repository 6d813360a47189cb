package io.stackwatch.agent.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A strict reader of the Prometheus text format (0.0.4): every line is a comment or one sample, or
 * it fails. Label values are unescaped, so a test can compare them with what the program named.
 */
final class ExpositionText {

    /** One sample line. */
    static final class Sample {
        final String name;
        final Map<String, String> labels;
        final double value;

        Sample(String name, Map<String, String> labels, double value) {
            this.name = name;
            this.labels = labels;
            this.value = value;
        }

        @Override
        public String toString() {
            return name + labels + " " + value;
        }
    }

    final List<Sample> samples = new ArrayList<>();

    static ExpositionText parse(String text) {
        ExpositionText t = new ExpositionText();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                t.samples.add(sample(line));
            } catch (RuntimeException e) {
                throw new AssertionError("line " + lineNo + " is not a sample: [" + line + "] (" + e.getMessage() + ")");
            }
        }
        return t;
    }

    private static Sample sample(String line) {
        int i = 0;
        while (i < line.length() && (Character.isLetterOrDigit(line.charAt(i)) || line.charAt(i) == '_' || line.charAt(i) == ':')) {
            i++;
        }
        String name = line.substring(0, i);
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            throw new IllegalArgumentException("no metric name");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String key = line.substring(i, eq);
                if (!key.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                    throw new IllegalArgumentException("bad label name " + key);
                }
                if (line.charAt(eq + 1) != '"') {
                    throw new IllegalArgumentException("label value not quoted");
                }
                StringBuilder v = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char n = line.charAt(++j);
                        v.append(n == 'n' ? '\n' : n);
                        if (n != 'n' && n != '\\' && n != '"') {
                            throw new IllegalArgumentException("bad escape \\" + n);
                        }
                    } else {
                        v.append(c);
                    }
                }
                labels.put(key, v.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        if (line.charAt(i) != ' ') {
            throw new IllegalArgumentException("no space before the value");
        }
        String[] rest = line.substring(i + 1).split(" ");
        if (rest.length > 2) {
            throw new IllegalArgumentException("extra fields");
        }
        return new Sample(name, labels, Double.parseDouble(rest[0]));
    }

    Set<String> names() {
        Set<String> out = new TreeSet<>();
        samples.forEach(s -> out.add(s.name));
        return out;
    }

    List<Sample> named(String name) {
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) {
            if (s.name.equals(name)) {
                out.add(s);
            }
        }
        return out;
    }

    /** The one sample of {@code name} whose labels include {@code key=value}. */
    Sample find(String name, String key, String value) {
        for (Sample s : named(name)) {
            if (value.equals(s.labels.get(key))) {
                return s;
            }
        }
        throw new AssertionError("no " + name + "{" + key + "=" + value + "} in " + named(name));
    }

    double value(String name) {
        List<Sample> s = named(name);
        if (s.size() != 1) {
            throw new AssertionError("expected one sample of " + name + ", found " + s);
        }
        return s.get(0).value;
    }
}
