package io.stackwatch.examples.service;

import java.util.OptionalDouble;
import java.util.regex.Pattern;

/** Reads sample values out of the Prometheus text format that {@code /actuator/prometheus} answers. */
final class Prometheus {

    private final String text;

    Prometheus(String text) {
        this.text = text;
    }

    /**
     * The service's {@code /actuator/prometheus} once {@code metric} sums to at least 1, or as it is
     * after 15 seconds: the agent's counters reach the service's registry through its event thread.
     */
    static Prometheus awaitCounted(ServiceProcess service, String metric) throws Exception {
        Prometheus p = new Prometheus(service.get("/actuator/prometheus").body());
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (p.sum(metric, "").orElse(0) < 1 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            p = new Prometheus(service.get("/actuator/prometheus").body());
        }
        return p;
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
