package io.stackwatch.bench.perf;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** Command lines for child JVMs: the running JVM's java, the benchmark class path, the agent or not. */
public final class ChildJava {

    /** System property naming the agent jar; the suite sets it for JMH's forks. */
    public static final String AGENT_JAR = "bench.agentJar";

    private ChildJava() {
    }

    public static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    public static String classPath() {
        return System.getProperty("java.class.path");
    }

    /** The built agent jar: the system property, else {@code agent/target} below the working directory or its parent. */
    public static Path agentJar() {
        String configured = System.getProperty(AGENT_JAR);
        List<Path> candidates = new ArrayList<>();
        if (configured != null) {
            candidates.add(Paths.get(configured));
        }
        candidates.add(Paths.get("agent", "target", "stackwatch-agent.jar"));
        candidates.add(Paths.get("..", "agent", "target", "stackwatch-agent.jar"));
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("no agent jar: build it (mvn -B -q package -DskipTests) or set -D" + AGENT_JAR);
    }

    /** {@code -javaagent:<jar>=<args>}, or nothing when {@code args} is null (no agent). */
    public static List<String> agentOption(String args) {
        List<String> out = new ArrayList<>();
        if (args != null) {
            out.add("-javaagent:" + agentJar() + (args.isEmpty() ? "" : "=" + args));
        }
        return out;
    }

    /** The jars on this JVM's class path whose file names start with one of {@code prefixes}. */
    public static List<String> jarsNamed(String... prefixes) {
        List<String> out = new ArrayList<>();
        for (String entry : classPath().split(File.pathSeparator)) {
            String name = Paths.get(entry).getFileName().toString();
            for (String prefix : prefixes) {
                if (name.startsWith(prefix) && name.endsWith(".jar")) {
                    out.add(entry);
                    break;
                }
            }
        }
        return out;
    }
}
