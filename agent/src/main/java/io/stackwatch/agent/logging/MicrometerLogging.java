package io.stackwatch.agent.logging;

import io.micrometer.common.util.internal.logging.InternalLogger;
import io.micrometer.common.util.internal.logging.InternalLoggerFactory;

/**
 * Sends the shaded Micrometer's own log lines to the agent's private Logback, through Micrometer's
 * public hook ({@link InternalLoggerFactory#setDefaultFactory}). Left to itself, Micrometer would look
 * up an SLF4J provider, find none (the agent binds its Logback in code, never through SLF4J's service
 * loader) and print SLF4J's "no providers" warning on the application's console.
 */
public final class MicrometerLogging extends InternalLoggerFactory {

    private static final MicrometerLogging INSTANCE = new MicrometerLogging();

    private MicrometerLogging() {
    }

    /** Call before any Micrometer class logs. */
    public static void install() {
        InternalLoggerFactory.setDefaultFactory(INSTANCE);
    }

    @Override
    protected InternalLogger newInstance(String name) {
        return new MicrometerLogger(AgentLogging.logger(name));
    }
}
