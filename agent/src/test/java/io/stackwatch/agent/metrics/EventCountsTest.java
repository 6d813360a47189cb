package io.stackwatch.agent.metrics;

import io.stackwatch.core.event.EventType;
import io.stackwatch.core.event.StackEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventCountsTest {

    private static StackEvent event(EventType type, String method) {
        return StackEvent.of(type, "t", 1, false).usage(10, 1000, 10_000, false, 100).method(method).goModel(8192, 0, 0).build();
    }

    @Test
    void countsWarningsInterceptionsAndOverflowsPerMethodAndIgnoresOtherEvents() {
        EventCounts counts = new EventCounts();
        List<String> series = new ArrayList<>();
        counts.addListener((kind, method, count) -> series.add(kind + " " + method));

        counts.record(event(EventType.WARN, "a.B#c"));
        counts.record(event(EventType.WARN, "a.B#c"));
        counts.record(event(EventType.INTERCEPT, "a.B#c"));
        counts.record(event(EventType.OVERFLOW, null));
        counts.record(event(EventType.GROWTH, "a.B#c"));
        counts.record(event(EventType.SWALLOWED, "a.B#c"));

        assertThat(counts.total(EventCounts.Kind.WARNINGS)).isEqualTo(2);
        assertThat(counts.total(EventCounts.Kind.INTERCEPTIONS)).isEqualTo(1);
        assertThat(counts.total(EventCounts.Kind.OVERFLOWS)).isEqualTo(1);
        // "other" of every kind exists from the start (a zero for rates); a new method is announced once.
        assertThat(series).containsExactly("WARNINGS other", "INTERCEPTIONS other", "OVERFLOWS other",
                "WARNINGS a.B#c", "INTERCEPTIONS a.B#c");
    }

    @Test
    void theMethodTagIsBoundedLaterMethodsCountAsOther() {
        EventCounts counts = new EventCounts();
        List<String> methods = new ArrayList<>();
        counts.addListener((kind, method, count) -> methods.add(method));
        for (int i = 0; i < 100; i++) {
            counts.record(event(EventType.WARN, "a.B#m" + i));
        }
        counts.record(event(EventType.WARN, "a.B#m0"));

        assertThat(methods).hasSize(1 + 2 + EventCounts.METHODS_PER_KIND);
        assertThat(methods).contains("a.B#m0", "a.B#m19").doesNotContain("a.B#m20");
        assertThat(counts.total(EventCounts.Kind.WARNINGS)).isEqualTo(101);
    }

    @Test
    void aListenerAddedLaterIsToldOfTheSeriesThatAlreadyExist() {
        EventCounts counts = new EventCounts();
        counts.record(event(EventType.OVERFLOW, "x.Y#z"));
        List<String> late = new ArrayList<>();
        counts.addListener((kind, method, count) -> late.add(kind + " " + method + "=" + count.get()));
        assertThat(late).contains("OVERFLOWS x.Y#z=1", "WARNINGS other=0");
    }
}
