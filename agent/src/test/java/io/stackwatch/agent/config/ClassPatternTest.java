package io.stackwatch.agent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ClassPatternTest {

    private static ClassPattern pattern(String text) {
        ClassPattern p = ClassPattern.parse(text);
        assertThat(p).as("pattern %s", text).isNotNull();
        return p;
    }

    @Test
    void doubleStarMatchesThePackageAndAllSubpackages() {
        ClassPattern p = pattern("com.acme.**");
        assertThat(p.matches("com.acme.Tree")).isTrue();
        assertThat(p.matches("com.acme.json.Parser")).isTrue();
        assertThat(p.matches("com.acme.json.deep.Parser$State")).isTrue();
        assertThat(p.matches("com.acmex.Tree")).isFalse();
        assertThat(p.matches("org.acme.Tree")).isFalse();
        assertThat(p.matches("com.acme")).isFalse();
    }

    @Test
    void singleStarMatchesClassesDirectlyInThePackageOnly() {
        ClassPattern p = pattern("com.acme.*");
        assertThat(p.matches("com.acme.Tree")).isTrue();
        assertThat(p.matches("com.acme.Tree$Node")).isTrue();
        assertThat(p.matches("com.acme.json.Parser")).isFalse();
        assertThat(p.matches("com.acmex.Tree")).isFalse();
    }

    @Test
    void exactClassMatchesItselfAndItsNestedClassesButNotLookalikes() {
        ClassPattern p = pattern("com.acme.Tree");
        assertThat(p.matches("com.acme.Tree")).isTrue();
        assertThat(p.matches("com.acme.Tree$Node")).isTrue();
        assertThat(p.matches("com.acme.Tree$Node$Leaf")).isTrue();
        assertThat(p.matches("com.acme.Tree$1")).isTrue();
        assertThat(p.matches("com.acme.TreeMap")).isFalse();
        assertThat(p.matches("com.acme.Tree.Sub")).isFalse();
        assertThat(p.matches("xcom.acme.Tree")).isFalse();
    }

    @Test
    void dotsInTheClassNameAreLiteralNotRegexWildcards() {
        ClassPattern p = pattern("com.acme.Tree");
        assertThat(p.matches("comXacmeXTree")).isFalse();
    }

    @Test
    void globInsideASegmentStaysInThatSegment() {
        ClassPattern p = pattern("com.acme.*Parser");
        assertThat(p.matches("com.acme.JsonParser")).isTrue();
        assertThat(p.matches("com.acme.Parser")).isTrue();
        assertThat(p.matches("com.acme.json.JsonParser")).isFalse();
        assertThat(p.matches("com.acme.JsonParserFactory")).isFalse();

        ClassPattern middle = pattern("com.*.Tree");
        assertThat(middle.matches("com.acme.Tree")).isTrue();
        assertThat(middle.matches("com.acme.deep.Tree")).isFalse();
    }

    @Test
    void surroundingWhitespaceIsIgnoredAndToStringIsThePattern() {
        ClassPattern p = pattern("  com.acme.**  ");
        assertThat(p.matches("com.acme.Tree")).isTrue();
        assertThat(p.toString()).isEqualTo("com.acme.**");
    }

    @Test
    void namesInAnyScriptAreLegalJavaAndAccepted() {
        ClassPattern p = pattern("com.caf\u00e9.**");
        assertThat(p.matches("com.caf\u00e9.Parser")).isTrue();
        assertThat(p.matches("com.cafe.Parser")).isFalse();
        assertThat(pattern("\u043f\u0440\u0438\u043c\u0435\u0440.\u0414\u0435\u0440\u0435\u0432\u043e").matches(
                "\u043f\u0440\u0438\u043c\u0435\u0440.\u0414\u0435\u0440\u0435\u0432\u043e$Node")).isTrue();
    }

    @ParameterizedTest(name = "\"{0}\" is rejected")
    @ValueSource(strings = {"", "   ", "com acme.Tree", "com/acme/Tree", "com-acme.Tree", "com.acme.***", ".com.acme",
            "com..acme", "com.acme.Tree#walk", "com.acme.(Tree)", "com.acme.Tree?", "com.acme.[A-Z]",
            "com.acme.Tr\u0000ee", "com.acme.Tree\u00a0", "com.acme.\u00abTree\u00bb"})
    void invalidPatternsParseToNull(String text) {
        assertThat(ClassPattern.parse(text)).isNull();
    }

    @Test
    void aPatternEndingInADotIsRejected() {
        assertThat(ClassPattern.parse("com.acme.")).isNull();
    }
}
