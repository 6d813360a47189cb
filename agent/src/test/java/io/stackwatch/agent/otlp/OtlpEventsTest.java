package io.stackwatch.agent.otlp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class OtlpEventsTest {

    private final List<Map<String, Object>> sent = new ArrayList<>();
    private final AtomicInteger closes = new AtomicInteger();
    private final AutoCloseable export = closes::incrementAndGet;

    @Test
    void findingsBeforeTheExportIsUpAreSentWhenItIs() throws Exception {
        OtlpEvents events = new OtlpEvents();
        events.note(true, "thread start rate: too many", "{\"type\":\"thread-rate\"}");
        assertThat(events.attach(sent::add, export)).isZero();
        events.note(false, "thread start rate back", "{\"type\":\"thread-rate-ok\"}");
        assertThat(sent).extracting(r -> r.get("type")).containsExactly("thread-rate", "thread-rate-ok");
        events.close();
        assertThat(closes).hasValue(1);
    }

    @Test
    void anExportThatComesUpAfterTheEventsClosedSendsWhatWasKeptAndClosesAtOnce() throws Exception {
        // The JVM exits (or the agent is detached) while the export is still being loaded.
        OtlpEvents events = new OtlpEvents();
        events.note(true, "stack in use: high", "{\"type\":\"stack-inuse\"}");
        events.close();
        events.attach(sent::add, export);
        assertThat(sent).extracting(r -> r.get("type")).containsExactly("stack-inuse");
        assertThat(closes).as("closed, so that it publishes the meters and sends the records once").hasValue(1);
        events.note(true, "after", "{\"type\":\"patrol\"}");
        assertThat(sent).hasSize(1);
    }
}
