package io.stackwatch.agent.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class JsonWriterTest {

    /** Asserts that {@code json} is one line holding one valid JSON object, and returns it. */
    public static Map<String, Object> oneValidLine(String json) {
        assertThat(json).doesNotContain("\n", "\r", "\u2028", "\u2029");
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            assertThat(c < 0x20).as("raw control char %04x at %d", (int) c, i).isFalse();
            if (Character.isHighSurrogate(c)) {
                assertThat(i + 1 < json.length() && Character.isLowSurrogate(json.charAt(i + 1)))
                        .as("lone high surrogate at %d", i).isTrue();
                i++;
            } else {
                assertThat(Character.isLowSurrogate(c)).as("lone low surrogate at %d", i).isFalse();
            }
        }
        return MiniJson.object(json);
    }

    @Test
    void anEmptyObjectIsBraces() {
        assertThat(JsonWriter.object().endObject().toString()).isEqualTo("{}");
    }

    @Test
    void writesEveryKindOfValueInOrder() {
        String json = JsonWriter.object()
                .field("s", "text")
                .field("n", 42L)
                .field("neg", Long.MIN_VALUE)
                .field("yes", true)
                .field("no", false)
                .field("d", 0.5, 4)
                .field("list", List.of("a", "b"))
                .field("empty", List.<String>of())
                .field("nullString", (String) null)
                .nullField("explicitNull")
                .endObject().toString();
        assertThat(json).isEqualTo("{\"s\":\"text\",\"n\":42,\"neg\":-9223372036854775808,\"yes\":true,\"no\":false,"
                + "\"d\":0.5000,\"list\":[\"a\",\"b\"],\"empty\":[],\"nullString\":null,\"explicitNull\":null}");

        Map<String, Object> m = oneValidLine(json);
        assertThat(m).containsOnlyKeys("s", "n", "neg", "yes", "no", "d", "list", "empty", "nullString", "explicitNull");
        assertThat(m.get("s")).isEqualTo("text");
        assertThat(m.get("n")).isEqualTo(new BigDecimal("42"));
        assertThat(m.get("yes")).isEqualTo(true);
        assertThat(m.get("list")).isEqualTo(List.of("a", "b"));
        assertThat(m.get("nullString")).isNull();
        assertThat(m).containsEntry("explicitNull", null);
    }

    @Test
    void doublesAreFixedPointAndNonFiniteDoublesAreNull() {
        String json = JsonWriter.object().field("a", 0.123456, 4).field("b", Double.NaN, 4).field("c", Double.POSITIVE_INFINITY, 4)
                .field("d", Double.NEGATIVE_INFINITY, 4).field("e", 1e20, 4).field("f", -0.25, 4).field("g", 1e-9, 4).endObject().toString();
        Map<String, Object> m = oneValidLine(json);
        assertThat((BigDecimal) m.get("a")).isEqualByComparingTo("0.1235");
        assertThat(m.get("b")).isNull();
        assertThat(m.get("c")).isNull();
        assertThat(m.get("d")).isNull();
        assertThat((BigDecimal) m.get("e")).isEqualByComparingTo("1e20");
        assertThat((BigDecimal) m.get("f")).isEqualByComparingTo("-0.25");
        assertThat((BigDecimal) m.get("g")).isEqualByComparingTo("0");
    }

    @Test
    void doublesUseADotWhateverTheDefaultLocale() {
        java.util.Locale before = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            assertThat(JsonWriter.object().field("r", 0.75, 4).endObject().toString()).isEqualTo("{\"r\":0.7500}");
        } finally {
            java.util.Locale.setDefault(before);
        }
    }

    @Test
    void quotesAndBackslashesAreEscaped() {
        String json = JsonWriter.object().field("v", "say \"hi\" C:\\dir\\").endObject().toString();
        assertThat(json).isEqualTo("{\"v\":\"say \\\"hi\\\" C:\\\\dir\\\\\"}");
        assertThat(oneValidLine(json).get("v")).isEqualTo("say \"hi\" C:\\dir\\");
    }

    @Test
    void lineBreaksAndTabsUseShortEscapes() {
        String json = JsonWriter.object().field("v", "a\nb\rc\td").endObject().toString();
        assertThat(json).isEqualTo("{\"v\":\"a\\nb\\rc\\td\"}");
        assertThat(oneValidLine(json).get("v")).isEqualTo("a\nb\rc\td");
    }

    @Test
    void everyOtherControlCharacterIsAUnicodeEscape() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            all.append(c);
        }
        String json = JsonWriter.object().field("v", all.toString()).endObject().toString();
        assertThat(json).contains("\\u0000", "\\u0001", "\\u0008", "\\u000b", "\\u000c", "\\u001b", "\\u001f");
        assertThat(oneValidLine(json).get("v")).isEqualTo(all.toString());
    }

    @Test
    void lineAndParagraphSeparatorsAreEscaped() {
        String json = JsonWriter.object().field("v", "a\u2028b\u2029c").endObject().toString();
        assertThat(json).isEqualTo("{\"v\":\"a\\u2028b\\u2029c\"}");
        assertThat(oneValidLine(json).get("v")).isEqualTo("a\u2028b\u2029c");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\ud800", "\udc00", "x\ud800y", "x\udc00y", "\udc00\ud800", "\ud800\ud800\udc00", "a\ud83d"})
    void loneSurrogatesAreEscapedAndPairsAreKept(String value) {
        String json = JsonWriter.object().field("v", value).endObject().toString();
        Map<String, Object> m = oneValidLine(json);
        assertThat(m.get("v")).isEqualTo(value);
        assertThat(json).containsPattern("\\\\u[dD][89abAB]|\\\\u[dD][c-fC-F]");
    }

    @Test
    void validSurrogatePairsPassThroughUnescaped() {
        String emoji = "tree \ud83c\udf33 done";
        String json = JsonWriter.object().field("v", emoji).endObject().toString();
        assertThat(json).isEqualTo("{\"v\":\"" + emoji + "\"}");
        assertThat(oneValidLine(json).get("v")).isEqualTo(emoji);
    }

    @Test
    void keysAndListElementsAreEscapedToo() {
        String json = JsonWriter.object().field("k\"\n", "v").field("l", Arrays.asList("a\"b", "c\nd", "\u2028")).endObject().toString();
        Map<String, Object> m = oneValidLine(json);
        assertThat(m).containsEntry("k\"\n", "v");
        assertThat(m.get("l")).isEqualTo(List.of("a\"b", "c\nd", "\u2028"));
    }

    @Test
    void nonAsciiTextIsKept() {
        String json = JsonWriter.object().field("v", "栈溢出 ÄÖÜ ß").endObject().toString();
        assertThat(oneValidLine(json).get("v")).isEqualTo("栈溢出 ÄÖÜ ß");
    }

    @Test
    void theMiniParserUsedHereRejectsInvalidJson() {
        for (String bad : new String[]{"{\"a\":\"x\ny\"}", "{\"a\":1,}", "{\"a\":\"\\x\"}", "{\"a\":1}x", "{\"a\":1,\"a\":2}",
                "{\"a\":\"\\u12g4\"}", "{a:1}"}) {
            assertThatThrownBy(() -> MiniJson.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
