package io.stackwatch.agent.logging;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.spi.LocationAwareLogger;

import java.util.ArrayList;
import java.util.List;

/**
 * A logger of the agent's private context that can be used before the context exists: until it is
 * built, calls are kept in order (debug and trace are dropped, as the context's level would) and
 * written when it is.
 */
final class EarlyLogger extends LegacyAbstractLogger implements LocationAwareLogger {

    private static final long serialVersionUID = 1L;
    private static final Object LOCK = new Object();
    /** Lines logged before the context was ready; null once it is. */
    private static List<Runnable> pending = new ArrayList<>();
    private static volatile LoggerContext context;

    EarlyLogger(String name) {
        this.name = name;
    }

    static LoggerContext context() {
        return context;
    }

    /** Builds the context and writes the lines kept so far (on the logging thread). */
    static void build() {
        LoggerContext c;
        try {
            c = AgentLogging.createContext();
        } catch (Throwable t) {
            System.err.println("stackwatch: logging unavailable (" + t + ")");
            synchronized (LOCK) {
                pending = null;
            }
            return;
        }
        synchronized (LOCK) {
            context = c;
            // Written under the lock, so that no line logged meanwhile overtakes the kept ones.
            for (Runnable line : pending) {
                line.run();
            }
            pending = null;
        }
    }

    private org.slf4j.Logger target() {
        LoggerContext c = context;
        return c == null ? null : c.getLogger(name);
    }

    @Override
    public boolean isTraceEnabled() {
        org.slf4j.Logger t = target();
        return t != null && t.isTraceEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
        org.slf4j.Logger t = target();
        return t != null && t.isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        org.slf4j.Logger t = target();
        return t == null || t.isInfoEnabled();
    }

    @Override
    public boolean isWarnEnabled() {
        org.slf4j.Logger t = target();
        return t == null || t.isWarnEnabled();
    }

    @Override
    public boolean isErrorEnabled() {
        org.slf4j.Logger t = target();
        return t == null || t.isErrorEnabled();
    }

    /** For callers that log through SLF4J's location-aware interface (Micrometer's internal logging). */
    @Override
    public void log(Marker marker, String fqcn, int level, String message, Object[] arguments, Throwable throwable) {
        Level l = Level.intToLevel(level);
        if (l == Level.TRACE ? isTraceEnabled() : l == Level.DEBUG ? isDebugEnabled() : l == Level.INFO ? isInfoEnabled()
                : l == Level.WARN ? isWarnEnabled() : isErrorEnabled()) {
            handleNormalizedLoggingCall(l, marker, message, arguments, throwable);
        }
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String message, Object[] arguments,
                                               Throwable throwable) {
        Runnable line = new Line(name, level, message, arguments == null ? new Object[0] : arguments, throwable);
        synchronized (LOCK) {
            if (pending != null) {
                if (level != Level.DEBUG && level != Level.TRACE) {
                    pending.add(line);
                }
                return;
            }
        }
        if (context != null) {
            line.run();
        }
    }

    /** One line for the context, written now or kept until it is built (a class: no call site to link). */
    private static final class Line implements Runnable {
        private final String logger;
        private final Level level;
        private final String message;
        private final Object[] arguments;
        private final Throwable throwable;

        Line(String logger, Level level, String message, Object[] arguments, Throwable throwable) {
            this.logger = logger;
            this.level = level;
            this.message = message;
            this.arguments = arguments;
            this.throwable = throwable;
        }

        @Override
        public void run() {
            context.getLogger(logger).atLevel(level).setCause(throwable).log(message, arguments);
        }
    }
}
