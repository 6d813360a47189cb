package io.stackwatch.bench.perf.startup;

import java.io.IOException;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads (without initializing) every class of the jars named in its arguments, all of them on its
 * class path: with the agent, each class load goes through its transformer. Prints how many loaded.
 */
public final class LoadEveryClass {

    private LoadEveryClass() {
    }

    public static void main(String[] jars) throws IOException {
        ClassLoader loader = LoadEveryClass.class.getClassLoader();
        int loaded = 0;
        int failed = 0;
        for (String jar : jars) {
            try (JarFile file = new JarFile(jar)) {
                Enumeration<JarEntry> entries = file.entries();
                while (entries.hasMoreElements()) {
                    String name = entries.nextElement().getName();
                    if (!name.endsWith(".class") || name.startsWith("META-INF/") || name.endsWith("module-info.class")
                            || name.endsWith("package-info.class")) {
                        continue;
                    }
                    try {
                        Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
                        loaded++;
                    } catch (ClassNotFoundException | LinkageError optionalDependencyMissing) {
                        failed++;
                    }
                }
            }
        }
        System.out.println("loaded " + loaded + " classes (" + failed + " not loadable)");
    }
}
