package io.stackwatch.agent.logging;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the agent's own log goes and how it looks ({@code logLevel=}, {@code log=}, {@code logFormat=}):
 * a level, standard error, nowhere or a rolling file, and lines of text or JSON objects.
 */
public final class LogSettings {

    public enum Format { TEXT, JSON }

    /** Standard error, INFO, text: the agent's behaviour without any of the three keys. */
    public static final LogSettings DEFAULT = new LogSettings("INFO", null, false, Format.TEXT, null);

    private final String level;
    private final Path file;
    private final boolean none;
    private final Format format;
    private final String serviceName;

    /** The three keys' values together, and the service the JSON lines name. */
    public LogSettings(String level, LogTarget target, Format format, String serviceName) {
        this(level, target.file(), target.none(), format, serviceName);
    }

    public LogSettings(String level, Path file, boolean none, Format format, String serviceName) {
        this.level = level.toUpperCase(Locale.ROOT);
        this.file = file;
        this.none = none;
        this.format = format;
        this.serviceName = serviceName;
    }

    /** {@code ERROR}, {@code WARN}, {@code INFO}, {@code DEBUG}, {@code TRACE} or {@code OFF}. */
    public String level() {
        return level;
    }

    /** The rolling file to write, or null for standard error (or nothing, see {@link #none()}). */
    public Path file() {
        return file;
    }

    /** {@code log=none}: no line at all. */
    public boolean none() {
        return none;
    }

    public Format format() {
        return format;
    }

    /** The service the JSON lines name ({@code OTEL_SERVICE_NAME}, else the application's main class or jar). */
    public String serviceName() {
        return serviceName;
    }

    /** True for a level name the agent takes. */
    public static boolean isLevel(String v) {
        switch (v.toUpperCase(Locale.ROOT)) {
            case "ERROR":
            case "WARN":
            case "INFO":
            case "DEBUG":
            case "TRACE":
            case "OFF":
                return true;
            default:
                return false;
        }
    }

    /** What the start line shows when anything differs from the default. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        if (!level.equals("INFO")) {
            sb.append(" logLevel=").append(level.toLowerCase(Locale.ROOT));
        }
        if (file != null) {
            sb.append(" log=file:").append(file);
        }
        if (format == Format.JSON) {
            sb.append(" logFormat=json");
        }
        return sb.toString();
    }
}
