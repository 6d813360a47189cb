package io.stackwatch.agent.report;

import io.stackwatch.core.event.EventType;
import io.stackwatch.core.event.StackEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WarningTextTest {

    @Test
    void theGoModelsVerdictIsInformationNotGosCrashMessage() {
        // An INFO line must not read like a crash: log-based alerts match "fatal error" and "stack overflow".
        StackEvent e = new StackEvent(EventType.GO_OVERFLOW, "parser-worker", 23, false, 2308, 523609, 950272,
                "com.acme.Parser#value", "go.max", 950272, null, 524288, 6, 512614, 0, 222, true);
        String text = WarningText.of(new EventView(e));
        assertThat(text).startsWith("Go model: thread \"parser-worker\" (id 23) would need more than the 950272-byte limit");
        assertThat(text).contains("where a goroutine's stack would stop growing");
        assertThat(text.toLowerCase()).doesNotContain("fatal error", "stack overflow");
    }
}
