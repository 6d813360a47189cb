package io.stackwatch.agent.metrics;

import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * One meter, described independently of any Micrometer: the agent's shaded registry and the
 * application's own Micrometer (reached through reflection) both register from these. The value is
 * read when the meter is scraped, through JDK types only, so it crosses class loaders.
 */
public final class MeterSpec {

    public enum Type { GAUGE, COUNTER }

    private final Type type;
    private final String name;
    private final String description;
    private final String baseUnit;
    private final List<String> tags;
    private final DoubleSupplier value;

    private MeterSpec(Type type, String name, String description, String baseUnit, List<String> tags, DoubleSupplier value) {
        this.type = type;
        this.name = name;
        this.description = description;
        this.baseUnit = baseUnit;
        this.tags = List.copyOf(tags);
        this.value = value;
    }

    /** A value that goes up and down. */
    public static MeterSpec gauge(String name, String description, String baseUnit, DoubleSupplier value, String... tags) {
        return new MeterSpec(Type.GAUGE, name, description, baseUnit, List.of(tags), value);
    }

    /** A total that only goes up (read from a monotonic source, never incremented here). */
    public static MeterSpec counter(String name, String description, String baseUnit, DoubleSupplier value, String... tags) {
        return new MeterSpec(Type.COUNTER, name, description, baseUnit, List.of(tags), value);
    }

    public Type type() {
        return type;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** The base unit ("bytes", "seconds"), or null. */
    public String baseUnit() {
        return baseUnit;
    }

    /** Tag keys and values, alternating. */
    public List<String> tags() {
        return tags;
    }

    public String[] tagArray() {
        return tags.toArray(new String[0]);
    }

    /** The value now; NaN when it cannot be read (a failure here must never reach a registry). */
    public double value() {
        try {
            return value.getAsDouble();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    @Override
    public String toString() {
        return name + tags;
    }
}
