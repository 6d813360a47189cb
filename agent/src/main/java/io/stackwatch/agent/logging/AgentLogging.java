package io.stackwatch.agent.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
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
        BUILDER.start();
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

    static LoggerContext createContext() {
        LoggerContext context = new LoggerContext();
        context.setName("stackwatch");
        // Normally set by Logback's SLF4J provider, which we deliberately do not use.
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSS} stackwatch %-5level %msg%n");
        encoder.start();

        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("stderr");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();

        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(stderr);
        root.setLevel(Level.INFO);
        context.start();
        return context;
    }

    /** A logger of the agent's private context. */
    public static Logger logger(Class<?> owner) {
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
