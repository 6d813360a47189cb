package io.stackwatch.agent.logging;

import io.micrometer.common.util.internal.logging.AbstractInternalLogger;
import org.slf4j.Logger;

/** One of Micrometer's loggers, writing to the agent's log (see {@link MicrometerLogging}). */
final class MicrometerLogger extends AbstractInternalLogger {

    private static final long serialVersionUID = 1L;

    private final transient Logger target;

    MicrometerLogger(Logger target) {
        super(target.getName());
        this.target = target;
    }

    @Override
    public boolean isTraceEnabled() {
        return target.isTraceEnabled();
    }

    @Override
    public void trace(String msg) {
        target.trace(msg);
    }

    @Override
    public void trace(String format, Object arg) {
        target.trace(format, arg);
    }

    @Override
    public void trace(String format, Object argA, Object argB) {
        target.trace(format, argA, argB);
    }

    @Override
    public void trace(String format, Object... arguments) {
        target.trace(format, arguments);
    }

    @Override
    public void trace(String msg, Throwable t) {
        target.trace(msg, t);
    }

    @Override
    public boolean isDebugEnabled() {
        return target.isDebugEnabled();
    }

    @Override
    public void debug(String msg) {
        target.debug(msg);
    }

    @Override
    public void debug(String format, Object arg) {
        target.debug(format, arg);
    }

    @Override
    public void debug(String format, Object argA, Object argB) {
        target.debug(format, argA, argB);
    }

    @Override
    public void debug(String format, Object... arguments) {
        target.debug(format, arguments);
    }

    @Override
    public void debug(String msg, Throwable t) {
        target.debug(msg, t);
    }

    @Override
    public boolean isInfoEnabled() {
        return target.isInfoEnabled();
    }

    @Override
    public void info(String msg) {
        target.info(msg);
    }

    @Override
    public void info(String format, Object arg) {
        target.info(format, arg);
    }

    @Override
    public void info(String format, Object argA, Object argB) {
        target.info(format, argA, argB);
    }

    @Override
    public void info(String format, Object... arguments) {
        target.info(format, arguments);
    }

    @Override
    public void info(String msg, Throwable t) {
        target.info(msg, t);
    }

    @Override
    public boolean isWarnEnabled() {
        return target.isWarnEnabled();
    }

    @Override
    public void warn(String msg) {
        target.warn(msg);
    }

    @Override
    public void warn(String format, Object arg) {
        target.warn(format, arg);
    }

    @Override
    public void warn(String format, Object argA, Object argB) {
        target.warn(format, argA, argB);
    }

    @Override
    public void warn(String format, Object... arguments) {
        target.warn(format, arguments);
    }

    @Override
    public void warn(String msg, Throwable t) {
        target.warn(msg, t);
    }

    @Override
    public boolean isErrorEnabled() {
        return target.isErrorEnabled();
    }

    @Override
    public void error(String msg) {
        target.error(msg);
    }

    @Override
    public void error(String format, Object arg) {
        target.error(format, arg);
    }

    @Override
    public void error(String format, Object argA, Object argB) {
        target.error(format, argA, argB);
    }

    @Override
    public void error(String format, Object... arguments) {
        target.error(format, arguments);
    }

    @Override
    public void error(String msg, Throwable t) {
        target.error(msg, t);
    }
}
