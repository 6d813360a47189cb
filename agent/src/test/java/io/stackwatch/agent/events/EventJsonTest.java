package io.stackwatch.agent.events;

import io.stackwatch.agent.json.JsonWriterTest;
import io.stackwatch.core.event.EventType;
import io.stackwatch.core.event.Reason;
import io.stackwatch.core.event.StackEvent;
import io.stackwatch.core.stack.CapturedStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EventJsonTest {

    /** The event log's contract fields (docs/ARCHITECTURE.md, "Contracts"). */
    private static final List<String> CONTRACT = List.of("ts", "type", "thread", "threadId", "virtual", "depth", "frames",
            "stackBytes", "capacityBytes", "ratio", "method", "cycle", "origin", "predictedOverflowDepth", "headroomBytes",
            "goStackSize", "goGrowths", "goCopiedBytes");

    private static final String ME = EventJsonTest.class.getName();

    private static StackEvent event(EventType type, String thread, String method, CapturedStack stack) {
        return StackEvent.of(type, thread, 17L, false).usage(1200, 700_000L, 1_000_000L, true, 583.3).method(method)
                .crossed(Reason.WARN_AT, 0.7).frames(stack).goModel(1_048_576L, 7L, 1_040_384L).build();
    }

    private static Map<String, Object> json(StackEvent e) {
        return JsonWriterTest.oneValidLine(EventJson.toJson(new EventView(e)));
    }

    // A two-method recursion, to capture a real stack with a cycle in it.
    private static CapturedStack ping(int n) {
        return n == 0 ? CapturedStack.capture() : pong(n);
    }

    private static CapturedStack pong(int n) {
        return ping(n - 1);
    }

    @Test
    void anEventWithAWalkedStackHasEveryContractField() {
        Instant before = Instant.now().minusSeconds(1);
        CapturedStack stack = ping(10);
        assertThat(stack).isNotNull();
        Map<String, Object> j = json(event(EventType.WARN, "worker-1", "com.acme.Tree#walk", stack));

        assertThat(j).containsKeys(CONTRACT.toArray(new String[0]));
        Instant ts = Instant.parse((String) j.get("ts"));
        assertThat(ts).isBetween(before, Instant.now().plus(Duration.ofSeconds(1)));
        assertThat(j.get("type")).isEqualTo("warn");
        assertThat(j.get("thread")).isEqualTo("worker-1");
        assertThat(j.get("threadId")).isEqualTo(new BigDecimal(17));
        assertThat(j.get("virtual")).isEqualTo(false);
        assertThat(j.get("depth")).isEqualTo(new BigDecimal(1200));
        assertThat(j.get("frames")).isEqualTo(new BigDecimal(stack.size()));
        assertThat(j.get("stackBytes")).isEqualTo(new BigDecimal(700_000));
        assertThat(j.get("capacityBytes")).isEqualTo(new BigDecimal(1_000_000));
        assertThat((BigDecimal) j.get("ratio")).isEqualByComparingTo("0.7");
        assertThat(j.get("method")).isEqualTo("com.acme.Tree#walk");
        assertThat(j.get("cycle")).isEqualTo(List.of(ME + "#ping", ME + "#pong"));
        assertThat((List<?>) j.get("origin")).isNotEmpty()
                .first().asString().startsWith(ME + "#anEventWithAWalkedStackHasEveryContractField");
        assertThat(j.get("predictedOverflowDepth")).isEqualTo(new BigDecimal(1200L * 1_000_000 / 700_000));
        assertThat(j.get("headroomBytes")).isEqualTo(new BigDecimal(300_000));
        assertThat(j.get("goStackSize")).isEqualTo(new BigDecimal(1_048_576));
        assertThat(j.get("goGrowths")).isEqualTo(new BigDecimal(7));
        assertThat(j.get("goCopiedBytes")).isEqualTo(new BigDecimal(1_040_384));
    }

    @Test
    void theOriginIsOutermostLastAndExcludesTheCycle() {
        CapturedStack stack = ping(6);
        Map<String, Object> j = json(event(EventType.WARN, "t", "m", stack));
        @SuppressWarnings("unchecked")
        List<String> origin = (List<String>) j.get("origin");
        assertThat(origin).noneMatch(f -> f.startsWith(ME + "#ping") || f.startsWith(ME + "#pong"));
        assertThat(origin.get(origin.size() - 1)).doesNotStartWith(ME);
        assertThat(origin.size()).isEqualTo(stack.size() - 13); // 7 pings + 6 pongs are the cycle
    }

    @Test
    void anEventWithoutAWalkedStackHasNullFramesAndEmptyCycleAndOrigin() {
        Map<String, Object> j = json(event(EventType.INTERCEPT, "t", "com.acme.Tree#walk", null));
        assertThat(j).containsKeys(CONTRACT.toArray(new String[0]));
        assertThat(j).containsEntry("frames", null);
        assertThat(j.get("cycle")).isEqualTo(List.of());
        assertThat(j.get("origin")).isEqualTo(List.of());
        assertThat(j.get("type")).isEqualTo("intercept");
    }

    @Test
    void aMissingMethodIsNullAndNoBytesMeansNoPrediction() {
        StackEvent e = StackEvent.of(EventType.OVERFLOW, "t", 1, true).usage(0, 0, 1024, false, 0).overflowEpisode(1).build();
        Map<String, Object> j = json(e);
        assertThat(j).containsKeys(CONTRACT.toArray(new String[0]));
        assertThat(j).containsEntry("method", null);
        assertThat(j.get("virtual")).isEqualTo(true);
        assertThat(j.get("predictedOverflowDepth")).isEqualTo(new BigDecimal(-1));
        assertThat(j.get("headroomBytes")).isEqualTo(new BigDecimal(1024));
        assertThat((BigDecimal) j.get("ratio")).isEqualByComparingTo("0");
    }

    @Test
    void reasonAndLimitAreWrittenWhenThereIsAReason() {
        StackEvent e = StackEvent.of(EventType.INTERCEPT, "t", 1, false).usage(1001, 5000, 1_000_000, false, 5.0)
                .method("a.B#c").crossed(Reason.LIMIT, 1000).goModel(8192, 0, 0).build();
        Map<String, Object> j = json(e);
        assertThat(j.get("reason")).isEqualTo("limit");
        assertThat((BigDecimal) j.get("limit")).isEqualByComparingTo("1000");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void theTypeIsTheEventTypesJsonName(EventType type) {
        Map<String, Object> j = json(event(type, "t", "m", null));
        assertThat(j.get("type")).isEqualTo(type.jsonName());
        assertThat((String) j.get("type")).matches("[a-z-]+");
    }

    @Test
    void aHostileThreadNameStaysOneValidLineWithNoInjectedFields() {
        String hostile = "evil\"},{\"type\":\"fake\",\"x\":\"\n</script><script>alert(1)</script>\\\"\u0000\u0007\u001b[2J\r\t"
                + "\u2028\u2029\ud800\udfff end\u007f";
        String method = "com.acme.Evil#\"\n}";
        String line = EventJson.toJson(new EventView(event(EventType.WARN, hostile, method, null)));

        assertThat(line.lines().count()).isEqualTo(1);
        Map<String, Object> j = JsonWriterTest.oneValidLine(line);
        assertThat(j.get("thread")).isEqualTo(hostile);
        assertThat(j.get("method")).isEqualTo(method);
        assertThat(j.get("type")).isEqualTo("warn");
        assertThat(j).containsKeys(CONTRACT.toArray(new String[0]));
        assertThat(j).doesNotContainKey("x");
    }

    @Test
    void theTimestampIsTheEventsTimeInUtc() {
        StackEvent e = event(EventType.WARN, "t", "m", null);
        Map<String, Object> j = json(e);
        assertThat((String) j.get("ts")).endsWith("Z");
        assertThat(Instant.parse((String) j.get("ts")).toEpochMilli()).isEqualTo(e.epochMillis);
    }
}
