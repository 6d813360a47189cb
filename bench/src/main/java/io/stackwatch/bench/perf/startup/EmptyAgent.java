package io.stackwatch.bench.perf.startup;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * An agent that does nothing: what {@code -javaagent:} itself costs a JVM's start (the JVM resolves
 * {@code java.instrument}, opens the jar and calls {@code premain}), the floor under any agent.
 */
public final class EmptyAgent {

    private EmptyAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        // nothing: the cost measured is the JVM's
    }

    /** A jar holding only a manifest that names this class (which the child loads from its class path). */
    static Path jar() throws IOException {
        Path jar = Files.createTempFile("stackwatch-bench-empty-agent-", ".jar");
        jar.toFile().deleteOnExit();
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(new Attributes.Name("Premain-Class"), EmptyAgent.class.getName());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
        return jar;
    }
}
