package io.stackwatch.agent.instrument;

import java.io.File;
import java.net.URL;
import java.security.CodeSource;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads every class the transformers may need, before they are added. A transformer runs on the
 * thread that loads a class, and that thread may hold the lock of an application jar (the JDK holds
 * it while it checks a signed jar's signatures, janino's for one). A class of the agent loaded there
 * for the first time is looked up along the class path, the agent's jar last, so it waits for that
 * lock: if another thread of the agent is loading the same class meanwhile, neither goes on, and the
 * application hangs before {@code main}. Loaded here, on premain's thread before any transformer
 * exists, they are never loaded on the way.
 */
final class TransformerClasses {

    /** The packages the transformers' code runs in (the shaded ASM with its subpackages). */
    private static final String[] PACKAGES = {
        "io/stackwatch/agent/instrument/",
        "io/stackwatch/agent/classfile/",
        "io/stackwatch/agent/graph/",
        "io/stackwatch/shaded/net/bytebuddy/jar/asm/",
    };

    private TransformerClasses() {
    }

    /** Returns how many classes were loaded; 0 when the agent does not run from a jar (its own tests). */
    static int preload() {
        ClassLoader loader = TransformerClasses.class.getClassLoader();
        CodeSource source = TransformerClasses.class.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        if (location == null || !location.getPath().endsWith(".jar")) {
            return 0;
        }
        int loaded = 0;
        try (JarFile jar = new JarFile(new File(location.toURI()), false)) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.endsWith(".class") && inPackages(name)) {
                    try {
                        Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), false, loader);
                        loaded++;
                    } catch (ClassNotFoundException | LinkageError notNeeded) {
                        // a class that cannot load here is not one the transformers use
                    }
                }
            }
        } catch (Exception unreadable) {
            // The warm-up still loads what its one run needs.
        }
        return loaded;
    }

    private static boolean inPackages(String name) {
        for (String p : PACKAGES) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
