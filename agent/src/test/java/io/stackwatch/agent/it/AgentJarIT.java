package io.stackwatch.agent.it;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The shaded jar: one jar, everything relocated, the manifest an agent needs. */
class AgentJarIT {

    @Test
    void everyEntryLivesUnderIoStackwatchOrMetaInf() throws Exception {
        try (JarFile jar = new JarFile(ChildJvm.AGENT_JAR.toFile())) {
            List<String> names = Collections.list(jar.entries()).stream().map(JarEntry::getName).collect(Collectors.toList());
            assertThat(names).contains("io/stackwatch/core/tracking/Tracker.class",
                    "io/stackwatch/shaded/net/bytebuddy/agent/builder/AgentBuilder.class",
                    "io/stackwatch/shaded/org/slf4j/Logger.class",
                    "io/stackwatch/shaded/ch/qos/logback/classic/LoggerContext.class",
                    "io/stackwatch/shaded/io/micrometer/prometheusmetrics/PrometheusMeterRegistry.class");
            assertThat(names).allSatisfy(n -> assertThat(n).matches("(io/|io/stackwatch/.*|META-INF/.*)"));
            assertThat(names).noneMatch(n -> n.startsWith("META-INF/versions/"));
            assertThat(names).noneMatch(n -> n.contains("module-info"));
        }
    }

    @Test
    void manifestNamesTheAgentEntryPoints() throws Exception {
        try (JarFile jar = new JarFile(ChildJvm.AGENT_JAR.toFile())) {
            Attributes a = jar.getManifest().getMainAttributes();
            assertThat(a.getValue("Premain-Class")).isEqualTo("io.stackwatch.agent.StackwatchAgent");
            assertThat(a.getValue("Agent-Class")).isEqualTo("io.stackwatch.agent.StackwatchAgent");
            assertThat(a.getValue("Can-Retransform-Classes")).isEqualTo("true");
            assertThat(a.getValue("Multi-Release")).isNull();
        }
    }

    @Test
    void noClassReferencesAnUnrelocatedDependency() throws Exception {
        try (JarFile jar = new JarFile(ChildJvm.AGENT_JAR.toFile())) {
            for (JarEntry e : Collections.list(jar.entries())) {
                if (!e.getName().endsWith(".class")) {
                    continue;
                }
                String text = new String(jar.getInputStream(e).readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(text).as(e.getName())
                        .doesNotContainPattern("(?<!shaded/)net/bytebuddy/")
                        .doesNotContainPattern("(?<!shaded/)org/slf4j/")
                        .doesNotContainPattern("(?<!shaded/)ch/qos/logback/")
                        // (not after a dot: Micrometer's messages link to docs.micrometer.io/micrometer/...)
                        .doesNotContainPattern("(?<!shaded/)(?<!\\.)io/micrometer/")
                        .doesNotContainPattern("(?<!shaded/)io/prometheus/")
                        .doesNotContainPattern("(?<!shaded/)org/HdrHistogram/")
                        .doesNotContainPattern("(?<!shaded/)org/jspecify/");
            }
        }
    }
}
