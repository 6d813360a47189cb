package io.micrometer.common.util.internal.logging;

import io.stackwatch.agent.logging.AgentLogging;

/**
 * Sends the shaded Micrometer's own log lines to the agent's private Logback. Without it Micrometer
 * would look up an SLF4J provider, find none (the agent binds its Logback in code, never through
 * SLF4J's service loader) and print SLF4J's "no providers" warning on the application's console.
 * It lives in Micrometer's logging package for the one adapter that package keeps to itself; the
 * shade plugin moves it under {@code io.stackwatch.shaded} with the rest of Micrometer.
 */
public final class AgentLoggerFactory extends InternalLoggerFactory {

    public static final InternalLoggerFactory INSTANCE = new AgentLoggerFactory();

    private AgentLoggerFactory() {
    }

    @Override
    protected InternalLogger newInstance(String name) {
        // Not through Slf4JLoggerFactory: initializing it asks SLF4J for its (absent) provider.
        return new LocationAwareSlf4JLogger((org.slf4j.spi.LocationAwareLogger) AgentLogging.logger(name));
    }
}
