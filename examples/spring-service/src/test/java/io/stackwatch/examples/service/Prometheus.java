package io.stackwatch.examples.service;

import java.util.OptionalDouble;
import java.util.regex.Pattern;

/** Reads sample values out of the Prometheus text format that {@code /actuator/prometheus} answers. */
final class Prometheus {

    private final String text;

    Prometheus(String text) {
        this.text = text;
    }

    /** The sum of every sample of the metric whose labels contain {@code labelPart} ("" for any). */
    OptionalDouble sum(String metric, String labelPart) {
        double sum = 0;
        boolean found = false;
        Pattern line = Pattern.compile("^" + Pattern.quote(metric) + "(\\{[^}]*\\})?\\s+(\\S+)$");
        for (String l : text.split("\n")) {
            var m = line.matcher(l.trim());
            if (m.matches() && (labelPart.isEmpty() || (m.group(1) != null && m.group(1).contains(labelPart)))) {
                sum += Double.parseDouble(m.group(2));
                found = true;
            }
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }

    boolean hasMetricStartingWith(String prefix) {
        for (String l : text.split("\n")) {
            if (l.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
