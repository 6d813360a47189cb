package io.stackwatch.agent.json;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonReaderTest {

    @Test
    void readsWhatTheReportWrites() {
        JsonWriter w = new JsonWriter().breakLinesUpTo(1);
        w.beginObject().field("s", "a\"b\\c\n\u0001é").field("n", -12).key("d").value(0.5, 3).field("t", true)
                .key("z").value((String) null).key("l").beginArray().value(1).beginObject().endObject().endArray().endObject();
        Object v = JsonReader.parse(w.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        assertThat(m).containsEntry("s", "a\"b\\c\n\u0001é").containsEntry("n", -12L).containsEntry("d", 0.5)
                .containsEntry("t", true).containsEntry("z", null).containsEntry("l", List.of(1L, Map.of()));
    }

    @Test
    void rejectsMalformedJsonSayingWhere() {
        for (String bad : new String[]{"", "{", "{\"a\":}", "[1,]", "{\"a\":1,\"a\":2}", "\"x", "01", "{} x", "tru",
                "\"a\u0001\"", "{\"a\" 1}", "[1 2]", "\"\\q\""}) {
            assertThatThrownBy(() -> JsonReader.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("invalid JSON at line 1");
        }
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThatThrownBy(() -> JsonReader.parse(deep)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nested more than 64 deep");
        String ok = "[".repeat(64) + "]".repeat(64);
        assertThat(JsonReader.parse(ok)).isInstanceOf(List.class);
    }
}
