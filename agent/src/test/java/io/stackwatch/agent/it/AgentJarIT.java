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
    void theJarCarriesItsLicenseAndANoticeForEveryLibraryItShades() throws Exception {
        try (JarFile jar = new JarFile(ChildJvm.AGENT_JAR.toFile())) {
            String license = new String(jar.getInputStream(jar.getEntry("META-INF/LICENSE")).readAllBytes());
            assertThat(license).contains("Apache License", "Version 2.0, January 2004");
            assertThat(jar.getEntry("META-INF/NOTICE")).isNotNull();
            String notices = new String(jar.getInputStream(jar.getEntry("META-INF/THIRD-PARTY-NOTICES.txt")).readAllBytes());
            // Every relocated package root of the jar and of its nested OTLP jar is named with its license.
            java.util.Set<String> roots = new java.util.TreeSet<>(shadedRoots(Collections.list(jar.entries())));
            try (java.util.jar.JarInputStream nested = new java.util.jar.JarInputStream(
                    jar.getInputStream(jar.getEntry("io/stackwatch/agent/otlp/stackwatch-otlp.jar")))) {
                List<JarEntry> entries = new java.util.ArrayList<>();
                for (JarEntry e; (e = nested.getNextJarEntry()) != null; ) {
                    entries.add(e);
                }
                roots.addAll(shadedRoots(entries));
            }
            java.util.Map<String, String> coordinates = java.util.Map.of("net.bytebuddy", "net.bytebuddy:byte-buddy",
                    "org.slf4j", "org.slf4j:slf4j-api", "ch.qos", "ch.qos.logback:logback-core",
                    "io.micrometer", "io.micrometer:micrometer-core", "io.prometheus", "io.prometheus:prometheus-metrics",
                    "org.HdrHistogram", "org.hdrhistogram:HdrHistogram", "org.jspecify", "org.jspecify:jspecify",
                    "io.opentelemetry", "io.opentelemetry.proto:opentelemetry-proto", "com.google", "com.google.protobuf:protobuf-java");
            assertThat(coordinates.keySet()).as("the relocated roots").containsAll(roots);
            for (String root : roots) {
                assertThat(notices).as(root).contains(coordinates.get(root));
            }
            for (String file : List.of("byte-buddy/META-INF/LICENSE", "byte-buddy/META-INF/licenses/ASM", "slf4j-api/META-INF/LICENSE.txt",
                    "micrometer/META-INF/NOTICE", "HdrHistogram/META-INF/LICENSE.txt")) {
                assertThat(jar.getEntry("META-INF/third-party/" + file)).as(file).isNotNull();
            }
        }
    }

    /** {@code net.bytebuddy}, {@code io.micrometer}: the first two package names under io/stackwatch/shaded/. */
    private static List<String> shadedRoots(List<JarEntry> entries) {
        return entries.stream().map(JarEntry::getName).filter(n -> n.startsWith("io/stackwatch/shaded/") && n.endsWith(".class"))
                .map(n -> n.substring("io/stackwatch/shaded/".length()).split("/"))
                .map(p -> p[0] + "." + p[1]).distinct().collect(Collectors.toList());
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
