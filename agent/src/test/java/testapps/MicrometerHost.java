package testapps;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.TreeSet;

/**
 * An application with its own Micrometer (whatever version is on its class path) that knows nothing
 * of stackwatch: it adds its registry to Metrics.globalRegistry, as Spring Boot does, overflows a
 * recursion once and prints the stackwatch meters its registry then has.
 */
public final class MicrometerHost {

    static long runaway(long n) {
        return runaway(n + 1) + 1;
    }

    public static void main(String[] args) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        System.out.println("hostMicrometer=" + Metrics.class.getProtectionDomain().getCodeSource().getLocation().getPath()
                .replaceAll(".*/", ""));
        TrackerProbe.runOn("platform", 0, "micrometer-worker", () -> {
            try {
                runaway(0);
            } catch (StackOverflowError e) {
                System.out.println("overflow " + e.getClass().getName());
            }
        });
        // The agent registers from its own background thread: give it a moment, as a scrape would.
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline
                && registry.find("stackwatch.overflows").tag("method", "testapps.MicrometerHost#runaway").functionCounter() == null) {
            Thread.sleep(100);
        }
        TreeSet<String> lines = new TreeSet<>();
        for (Meter m : registry.getMeters()) {
            if (!m.getId().getName().startsWith("stackwatch.")) {
                continue;
            }
            StringBuilder sb = new StringBuilder("METER ").append(m.getId().getName()).append(' ').append(m.getId().getType());
            m.getId().getTags().forEach(t -> sb.append(' ').append(t.getKey()).append('=').append(t.getValue()));
            if (m.getId().getBaseUnit() != null) {
                sb.append(" unit=").append(m.getId().getBaseUnit());
            }
            for (Measurement v : m.measure()) {
                sb.append(" value=").append(v.getValue());
            }
            lines.add(sb.toString());
        }
        lines.forEach(System.out::println);
        System.out.println("done");
    }
}
