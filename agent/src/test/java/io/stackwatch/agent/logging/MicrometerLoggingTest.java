package io.stackwatch.agent.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.common.util.internal.logging.InternalLogLevel;
import io.micrometer.common.util.internal.logging.InternalLogger;
import io.micrometer.common.util.internal.logging.InternalLoggerFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MicrometerLoggingTest {

    @Test
    void micrometersOwnLinesGoToTheAgentsLogWithTheirLevelAndArguments() throws Exception {
        MicrometerLogging.install();
        LoggerContext context = awaitContext();
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.setContext(context);
        seen.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(seen);
        try {
            InternalLogger micrometer = InternalLoggerFactory.getInstance("io.micrometer.core.Probe");
            micrometer.warn("registry {} failed: {}", "prometheus", 42);
            micrometer.log(InternalLogLevel.ERROR, "through the level-generic call");
            micrometer.debug("below the agent's level: dropped");

            assertThat(micrometer.name()).isEqualTo("io.micrometer.core.Probe");
            assertThat(micrometer.isDebugEnabled()).isFalse();
            assertThat(seen.list).extracting(e -> e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage())
                    .containsExactly("WARN io.micrometer.core.Probe registry prometheus failed: 42",
                            "ERROR io.micrometer.core.Probe through the level-generic call");
        } finally {
            root.detachAppender(seen);
        }
    }

    private static LoggerContext awaitContext() throws InterruptedException {
        AgentLogging.logger("warm-up");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (EarlyLogger.context() == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(EarlyLogger.context()).as("the agent's logging context was built").isNotNull();
        return EarlyLogger.context();
    }
}
