package io.stackwatch.agent.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import org.slf4j.Logger;

/**
 * The agent's own logging: a private Logback context built in code, writing to standard error.
 * It is never bound through {@code LoggerFactory}, reads no {@code logback.xml} and no logback
 * system property, and (being shaded) shares no class with the host's SLF4J or Logback, so the
 * host's logging is left exactly as the host configured it.
 *
 * <p>Building the context loads some 200 Logback classes: it happens on a background thread, off the
 * application's way to {@code main}. Loggers handed out before it is ready keep their lines, in
 * order, and write them once it is (at the latest when the JVM shuts down).
 */
public final class AgentLogging {

    /** Lines kept in a rolling file: 10 MB a file, the current one and 4 older ones. */
    static final String MAX_FILE_SIZE = "10MB";
    static final int OLD_FILES = 4;

    // Set by configure() before the builder starts: read once, by it.
    private static volatile LogSettings settings = LogSettings.DEFAULT;
    private static final java.util.concurrent.atomic.AtomicBoolean BUILDING = new java.util.concurrent.atomic.AtomicBoolean();

    // Anonymous classes, not method references, here and on the rest of premain's path: each
    // method reference links a call site and spins a class on the way to main.
    private static final Thread BUILDER = new Thread(new Runnable() {
        @Override
        public void run() {
            EarlyLogger.build();
        }
    }, "stackwatch-logging");

    static {
        BUILDER.setDaemon(true);
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
                @Override
                public void run() {
                    flushAtExit();
                }
            }, "stackwatch-logging-flush"));
        } catch (IllegalStateException shuttingDown) {
            // the lines already kept may be lost; nothing else to do
        }
    }

    private AgentLogging() {
    }

    /**
     * Where and how the agent logs ({@code logLevel=}, {@code log=}, {@code logFormat=}). Called once,
     * right after the configuration is read and before the first logger: the context is built with it.
     */
    public static void configure(LogSettings s) {
        settings = s;
        startBuilding();
    }

    /**
     * Starts the builder once: at {@link #configure} or at the first logger, whichever comes first.
     * Not when this class initializes, which {@code configure} itself triggers: the builder could
     * then read the settings before they are set.
     */
    private static void startBuilding() {
        if (BUILDING.compareAndSet(false, true)) {
            BUILDER.start();
        }
    }

    static LoggerContext createContext() {
        LogSettings s = settings;
        LoggerContext context = new LoggerContext();
        context.setName("stackwatch");
        // Normally set by Logback's SLF4J provider, which we deliberately do not use.
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        context.putProperty("pid", String.valueOf(ProcessHandle.current().pid()));
        if (s.serviceName() != null) {
            context.putProperty("service.name", s.serviceName());
        }

        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.setLevel(Level.toLevel(s.level(), Level.INFO));
        if (!s.none()) {
            Encoder<ILoggingEvent> encoder = s.format() == LogSettings.Format.JSON ? json(context) : text(context);
            root.addAppender(s.file() != null ? rollingFile(context, encoder, s.file()) : standardError(context, encoder));
        } else {
            root.setLevel(Level.OFF);
        }
        context.start();
        return context;
    }

    /** The time with its offset from UTC (ISO 8601), "stackwatch", the level, the message. */
    private static Encoder<ILoggingEvent> text(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} stackwatch %-5level %msg%n");
        encoder.start();
        return encoder;
    }

    /** Logback's JSON lines: time, level, thread, logger, the message, and the context's pid and service.name. */
    private static Encoder<ILoggingEvent> json(LoggerContext context) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        return encoder;
    }

    private static Appender<ILoggingEvent> standardError(LoggerContext context, Encoder<ILoggingEvent> encoder) {
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("stderr");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        return stderr;
    }

    /** {@code log=file:PATH}: rolled by size, PATH.1 to PATH.4 the older ones. */
    private static Appender<ILoggingEvent> rollingFile(LoggerContext context, Encoder<ILoggingEvent> encoder, java.nio.file.Path file) {
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName("file");
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(file + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(OLD_FILES);
        rolling.start();
        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(ch.qos.logback.core.util.FileSize.valueOf(MAX_FILE_SIZE));
        trigger.start();
        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.start();
        if (!appender.isStarted()) {
            // Logback said why on its status; the agent says it in one line and writes to stderr instead.
            System.err.println("stackwatch: cannot write the log to " + file + "; logging to standard error instead");
            return standardError(context, encoder);
        }
        return appender;
    }

    /** A logger of the agent's private context. */
    public static Logger logger(Class<?> owner) {
        startBuilding();
        return new EarlyLogger(owner.getName());
    }

    private static void flushAtExit() {
        try {
            BUILDER.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A logger of the agent's private context, by name. */
    public static Logger logger(String name) {
        startBuilding();
        return new EarlyLogger(name);
    }

    /** Flushes and stops the appenders (at JVM shutdown). */
    public static void stop() {
        flushAtExit();
        LoggerContext c = EarlyLogger.context();
        if (c != null) {
            c.stop();
        }
    }
}
