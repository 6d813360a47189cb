package io.stackwatch.agent.bootstrap;

import io.stackwatch.core.stack.NativeStack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the core's native library (stack-pointer readings) from a copy kept in {@link ExtractedFiles},
 * so that a start does not copy it out of the agent jar again. Loading it through
 * {@link NativeStack#load(Path)} keeps it with the boot-loaded core.
 */
public final class NativeLibraryFile {

    private NativeLibraryFile() {
    }

    /** Loads the library (once); returns whether native readings are available. */
    public static boolean load() {
        Path agentJar = BootstrapInjector.agentJar();
        if (agentJar == null) {
            // Running from class directories (tests): the core's own copy from its resources.
            return NativeStack.load();
        }
        String resource = NativeStack.libraryResource();
        ExtractedFiles.Content library = new Library(agentJar, resource);
        try {
            ExtractedFiles cache = ExtractedFiles.forAgentJar(agentJar, BootstrapInjector.version());
            Path file = cache != null ? cache.file("libstackwatch-" + NativeStack.platform(), ".so", library)
                    : ExtractedFiles.oneOff("stackwatch", ".so", library);
            return NativeStack.load(file);
        } catch (NoLibrary none) {
            NativeStack.unavailable("no native library for " + NativeStack.platform());
            return false;
        } catch (IOException | RuntimeException e) {
            NativeStack.unavailable(e.toString());
            return false;
        }
    }

    /** The library's bytes from the agent jar (a class, not a capturing lambda: see {@link BootstrapInjector}). */
    private static final class Library implements ExtractedFiles.Content {
        private final Path agentJar;
        private final String resource;

        Library(Path agentJar, String resource) {
            this.agentJar = agentJar;
            this.resource = resource;
        }

        @Override
        public void writeTo(java.io.OutputStream out) throws IOException {
            try (JarFile jar = new JarFile(agentJar.toFile(), false)) {
                JarEntry e = jar.getJarEntry(resource);
                if (e == null) {
                    throw new NoLibrary();
                }
                try (InputStream in = jar.getInputStream(e)) {
                    in.transferTo(out);
                }
            }
        }
    }

    /** The agent jar has no library for this platform. */
    private static final class NoLibrary extends IOException {
        private static final long serialVersionUID = 1L;

        NoLibrary() {
            super("no library");
        }
    }
}
