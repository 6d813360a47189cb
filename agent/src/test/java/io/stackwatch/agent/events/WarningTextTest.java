package io.stackwatch.agent.events;

import io.stackwatch.core.event.EventType;
import io.stackwatch.core.event.Reason;
import io.stackwatch.core.event.StackEvent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WarningTextTest {

    @Test
    void theGoModelsVerdictIsInformationNotGosCrashMessage() {
        // An INFO line must not read like a crash: log-based alerts match "fatal error" and "stack overflow".
        StackEvent e = StackEvent.of(EventType.GO_OVERFLOW, "parser-worker", 23, false).usage(2308, 523609, 950272, true, 222)
                .method("com.acme.Parser#value").crossed(Reason.GO_MAX, 950272).goModel(524288, 6, 512614).build();
        String text = WarningText.of(new EventView(e));
        assertThat(text).startsWith("Go model: thread \"parser-worker\" (id 23) would need more than the 950272-byte limit");
        assertThat(text).contains("where a goroutine's stack would stop growing");
        assertThat(text.toLowerCase()).doesNotContain("fatal error", "stack overflow");
    }
}
