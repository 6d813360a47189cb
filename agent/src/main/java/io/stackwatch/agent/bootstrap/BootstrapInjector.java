package io.stackwatch.agent.bootstrap;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.lang.instrument.Instrumentation;

/**
 * Puts {@code stackwatch-core} on the bootstrap class path, so that advice inlined into any class,
 * JDK classes included, can reach the tracker. Only the core's classes go there (copied out of the
 * agent jar into a temporary jar); the agent's tooling and its shaded libraries stay with the system
 * class loader. Must run before anything touches a core class.
 *
 * <p>The JVM prints "Sharing is only supported for boot loader classes because bootstrap classpath
 * has been appended" once this is done: class data sharing then stays on for JDK classes only.
 */
public final class BootstrapInjector {

    static final String CORE_PREFIX = "io/stackwatch/core/";
    static final String MARKER = "io.stackwatch.core.tracking.Tracker";

    private BootstrapInjector() {
    }

    /** Returns true when the core is on the bootstrap class path (now or already). */
    public static boolean inject(Instrumentation inst) throws IOException {
        if (alreadyOnBootstrap()) {
            return true;
        }
        Path agentJar = agentJar();
        if (agentJar == null || !Files.isRegularFile(agentJar)) {
            // Running from a class directory (tests, IDE): the core is already visible to this loader.
            return false;
        }
        ExtractedFiles cache = ExtractedFiles.forAgentJar(agentJar, version());
        ExtractedFiles.Content core = new CoreClasses(agentJar);
        Path coreJar = cache != null ? cache.file("core", ".jar", core) : ExtractedFiles.oneOff("stackwatch-core", ".jar", core);
        inst.appendToBootstrapClassLoaderSearch(new JarFile(coreJar.toFile(), false));
        return true;
    }

    /**
     * The agent jar's core classes (and the core's native libraries) as a jar. A class rather than a
     * lambda: the first capturing lambdas of a JVM spin method-handle classes, on the way to main.
     */
    private static final class CoreClasses implements ExtractedFiles.Content {
        private final Path agentJar;

        CoreClasses(Path agentJar) {
            this.agentJar = agentJar;
        }

        @Override
        public void writeTo(java.io.OutputStream to) throws IOException {
            copyCore(agentJar, to);
        }
    }

    private static void copyCore(Path agentJar, java.io.OutputStream to) throws IOException {
        int copied = 0;
        // verify=false: the agent jar is not signed, and checking for signatures loads the security providers.
        try (JarFile in = new JarFile(agentJar.toFile(), false);
             JarOutputStream out = new JarOutputStream(to)) {
            Enumeration<JarEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                if (!e.getName().startsWith(CORE_PREFIX)) {
                    continue;
                }
                out.putNextEntry(new JarEntry(e.getName()));
                if (!e.isDirectory()) {
                    try (InputStream data = in.getInputStream(e)) {
                        data.transferTo(out);
                    }
                    copied++;
                }
                out.closeEntry();
            }
        }
        if (copied == 0) {
            throw new IOException("no " + CORE_PREFIX + " classes in " + agentJar);
        }
    }

    /** The agent's version from its jar's manifest ({@code dev} when run from class directories). */
    public static String version() {
        String v = BootstrapInjector.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static boolean alreadyOnBootstrap() {
        try {
            Class.forName(MARKER, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The jar this class was loaded from, or null when it was not loaded from a jar. */
    public static Path agentJar() {
        CodeSource source = BootstrapInjector.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            Path p = Paths.get(source.getLocation().toURI());
            return p.toString().endsWith(".jar") ? p : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return new File(source.getLocation().getPath()).toPath();
        }
    }

}
