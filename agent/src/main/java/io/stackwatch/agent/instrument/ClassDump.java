package io.stackwatch.agent.instrument;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * With the system property {@code stackwatch.dumpDir}, every class file the agent rewrites is also
 * written there, one file per rewrite (the first transformer's output as {@code Name.loaded.class},
 * the counting code's as {@code Name.counted.class}), for {@code javap} when a rewritten class
 * misbehaves. Off unless asked; a write that fails is ignored.
 */
final class ClassDump {

    private static final String DIR = System.getProperty("stackwatch.dumpDir");

    private ClassDump() {
    }

    static void write(String internalName, String stage, byte[] bytes) {
        if (DIR == null || bytes == null) {
            return;
        }
        try {
            Path file = Paths.get(DIR, internalName.replace('/', '.') + "." + stage + ".class");
            Files.createDirectories(file.getParent());
            for (int n = 2; Files.exists(file); n++) {
                // Retransformed again: each version of the class is kept.
                file = Paths.get(DIR, internalName.replace('/', '.') + "." + stage + "-" + n + ".class");
            }
            Files.write(file, bytes);
        } catch (Exception | LinkageError ignored) {
            // a debugging aid only
        }
    }
}
