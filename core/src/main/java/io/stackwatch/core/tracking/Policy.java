package io.stackwatch.core.tracking;

import io.stackwatch.core.gomodel.GoStackParameters;

/**
 * What the tracker does on its cold path: where it warns, whether and where it intercepts, the Go
 * model's parameters. Immutable; built by the agent from its configuration.
 */
public final class Policy {

    /** No depth limit. */
    public static final int NO_LIMIT = Integer.MAX_VALUE - 1;

    private final double warnAt;
    private final double throwAt;
    private final boolean throwing;
    private final int maxDepth;
    private final int[] methodLimits;
    private final String[] methodLimitNames;
    private final long stackSizeOverrideBytes;
    private final GoStackParameters go;
    private final boolean traceGrowth;
    private final boolean nativeReadings;
    private final long nativeReserveBytes;

    private Policy(Builder b) {
        this.warnAt = b.warnAt;
        this.throwAt = b.throwAt;
        this.throwing = b.throwing;
        this.maxDepth = b.maxDepth;
        this.methodLimits = b.methodLimits.clone();
        this.methodLimitNames = b.methodLimitNames.clone();
        this.stackSizeOverrideBytes = b.stackSizeOverrideBytes;
        this.go = b.go;
        this.traceGrowth = b.traceGrowth;
        this.nativeReadings = b.nativeReadings;
        this.nativeReserveBytes = b.nativeReserveBytes;
    }

    /** Stack kept back for native frames the agent cannot see; taken off every thread's capacity. */
    public long nativeReserveBytes() {
        return nativeReserveBytes;
    }

    /** Whether threads read their real stack pointer (when the native probe is loaded). */
    public boolean nativeReadings() {
        return nativeReadings;
    }

    public static Builder builder() {
        return new Builder();
    }

    public double warnAt() {
        return warnAt;
    }

    public double throwAt() {
        return throwAt;
    }

    /** {@code action=throw}: intercept at {@link #throwAt()}, {@link #maxDepth()} and method limits. */
    public boolean throwing() {
        return throwing;
    }

    public int maxDepth() {
        return maxDepth;
    }

    /** Number of per-method limit slots; slot {@code i} limits {@link #methodLimitName(int)}. */
    public int methodLimitCount() {
        return methodLimits.length;
    }

    public int methodLimit(int slot) {
        return methodLimits[slot];
    }

    public String methodLimitName(int slot) {
        return methodLimitNames[slot];
    }

    /** The thread stack size the user told us to assume, or 0 to read it from the JVM. */
    public long stackSizeOverrideBytes() {
        return stackSizeOverrideBytes;
    }

    public GoStackParameters go() {
        return go;
    }

    public boolean traceGrowth() {
        return traceGrowth;
    }

    public static final class Builder {
        private double warnAt = 0.7;
        private double throwAt = 0.9;
        private boolean throwing;
        private int maxDepth = NO_LIMIT;
        private int[] methodLimits = new int[0];
        private String[] methodLimitNames = new String[0];
        private long stackSizeOverrideBytes;
        private GoStackParameters go = GoStackParameters.ARTICLE;
        private boolean traceGrowth;
        private boolean nativeReadings = true;
        private long nativeReserveBytes;

        public Builder nativeReserveBytes(long v) {
            this.nativeReserveBytes = v;
            return this;
        }

        public Builder nativeReadings(boolean v) {
            this.nativeReadings = v;
            return this;
        }

        public Builder warnAt(double v) {
            this.warnAt = v;
            return this;
        }

        public Builder throwAt(double v) {
            this.throwAt = v;
            return this;
        }

        public Builder throwing(boolean v) {
            this.throwing = v;
            return this;
        }

        public Builder maxDepth(int v) {
            this.maxDepth = Math.min(v, NO_LIMIT);
            return this;
        }

        public Builder methodLimits(String[] names, int[] limits) {
            if (names.length != limits.length) {
                throw new IllegalArgumentException("names and limits differ in length");
            }
            this.methodLimitNames = names.clone();
            this.methodLimits = limits.clone();
            return this;
        }

        public Builder stackSizeOverrideBytes(long v) {
            this.stackSizeOverrideBytes = v;
            return this;
        }

        public Builder go(GoStackParameters v) {
            this.go = v;
            return this;
        }

        public Builder traceGrowth(boolean v) {
            this.traceGrowth = v;
            return this;
        }

        public Policy build() {
            return new Policy(this);
        }
    }
}
