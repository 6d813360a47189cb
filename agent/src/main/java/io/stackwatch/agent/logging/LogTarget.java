package io.stackwatch.agent.logging;

import java.nio.file.Path;

/** {@code log=}: where the agent's own log goes: standard error, nowhere, or a rolling file. */
public final class LogTarget {

    public static final LogTarget STDERR = new LogTarget(null, false);
    public static final LogTarget NONE = new LogTarget(null, true);

    private final Path file;
    private final boolean none;

    private LogTarget(Path file, boolean none) {
        this.file = file;
        this.none = none;
    }

    /** {@code log=file:PATH}. */
    public static LogTarget file(Path file) {
        return new LogTarget(file, false);
    }

    /** The rolling file, or null. */
    public Path file() {
        return file;
    }

    /** {@code log=none}: no line at all. */
    public boolean none() {
        return none;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogTarget && ((LogTarget) o).none == none
                && (file == null ? ((LogTarget) o).file == null : file.equals(((LogTarget) o).file));
    }

    @Override
    public int hashCode() {
        return (file == null ? 0 : file.hashCode()) * 31 + (none ? 1 : 0);
    }

    @Override
    public String toString() {
        return none ? "none" : file == null ? "stderr" : "file:" + file;
    }
}
