package io.stackwatch.agent.runtime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.Marker;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentRuntimeTest {

    private final List<String> calls = new ArrayList<>();
    private final Lines log = new Lines();
    private final AgentRuntime runtime = new AgentRuntime(log, "select=recursive", "1.2.3");

    @AfterEach
    void clearStatus() {
        System.clearProperty(AgentStatus.STATUS);
        System.clearProperty(AgentStatus.SETTINGS);
    }

    @Test
    void detachStopsWhatStartedInTheReverseOrderAndSaysWhatItDidInOneLine() throws Exception {
        runtime.startRequired(new Part("events", null));
        runtime.startRequired(new Part("instrumentation", "instrumentation removed from 3 classes"));
        runtime.startOptional(new Part("gate", "Thread#start restored"));
        runtime.startOptional(new Part("checks", null));
        runtime.announce();
        assertThat(AgentStatus.active(System.getProperty(AgentStatus.STATUS))).isTrue();
        assertThat(System.getProperty(AgentStatus.SETTINGS)).isEqualTo("select=recursive");

        String done = runtime.detach();

        assertThat(calls).containsExactly("start events", "start instrumentation", "start gate", "start checks",
                "stop checks", "stop gate", "stop instrumentation", "stop events");
        assertThat(done).matches("stackwatch detached in \\d+ ms: instrumentation removed from 3 classes, "
                + "Thread#start restored, agent threads stopped");
        assertThat(log.lines).containsExactly("INFO " + done);
        assertThat(System.getProperty(AgentStatus.STATUS)).isEqualTo("detached");
        assertThat(System.getProperty(AgentStatus.SETTINGS)).isNull();
        assertThat(runtime.detach()).isEqualTo("stackwatch is already detached");
    }

    @Test
    void anOptionalPartThatFailsIsOneLineIsNeverStoppedAndTheOthersGoOn() throws Exception {
        runtime.startRequired(new Part("events", null));
        runtime.startOptional(new Part("the metrics endpoint", null) {
            @Override
            public void start() {
                throw new IllegalStateException("port taken");
            }
        });
        runtime.startOptional(new Part("checks", null));

        runtime.detach();

        assertThat(log.lines.get(0)).isEqualTo("WARN the metrics endpoint unavailable (java.lang.IllegalStateException: port taken); "
                + "the agent goes on without it");
        assertThat(calls).containsExactly("start events", "start checks", "stop checks", "stop events");
    }

    @Test
    void aRequiredPartThatFailsFailsTheStart() {
        assertThatThrownBy(() -> runtime.startRequired(new Part("tracker", null) {
            @Override
            public void start() {
                throw new IllegalStateException("no core");
            }
        })).hasMessage("no core");
    }

    @Test
    void aPartThatCannotBeStoppedIsNamedAndTheRestStillStop() throws Exception {
        runtime.startRequired(new Part("events", null));
        runtime.startRequired(new Part("the instrumentation", "instrumentation removed from 1 classes") {
            @Override
            public void stop() {
                throw new IllegalStateException("retransform refused");
            }
        });
        runtime.startOptional(new Part("checks", null));

        String done = runtime.detach();

        assertThat(calls).containsExactly("start events", "start the instrumentation", "start checks", "stop checks", "stop events");
        assertThat(done).endsWith("agent threads stopped; stopping the instrumentation failed: "
                + "java.lang.IllegalStateException: retransform refused");
    }

    @Test
    void aPartStartedAfterDetachIsNotStartedAtAll() throws Exception {
        runtime.startRequired(new Part("events", null));
        runtime.detach();
        runtime.startOptional(new Part("late", null));
        assertThat(calls).containsExactly("start events", "stop events");
    }

    /** A component that records what is done to it. */
    private class Part implements Component {
        private final String name;
        private final String stopped;

        Part(String name, String stopped) {
            this.name = name;
            this.stopped = stopped;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void start() {
            calls.add("start " + name);
        }

        @Override
        public void stop() {
            calls.add("stop " + name);
        }

        @Override
        public String stopped() {
            return stopped;
        }
    }

    /** Keeps the lines logged, formatted, with their level. */
    private static final class Lines extends LegacyAbstractLogger implements Logger {
        private static final long serialVersionUID = 1L;
        final List<String> lines = new ArrayList<>();

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String message, Object[] arguments,
                                                   Throwable throwable) {
            lines.add(level + " " + MessageFormatter.basicArrayFormat(message, arguments));
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }
    }
}
