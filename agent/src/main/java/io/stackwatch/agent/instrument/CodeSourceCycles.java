package io.stackwatch.agent.instrument;

import io.stackwatch.agent.classfile.ClassShape;
import io.stackwatch.agent.classfile.MethodShape;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Call cycles that run across top-level classes of one library: the methods in a cycle of the call
 * graph of every selected class in the same jar (or class directory). A deserializer that calls a
 * registry that calls the deserializer again is invisible to a per-class look; here it is found the
 * first time any class of that jar loads, and remembered for the rest of the jar's classes.
 *
 * <p>Reading a jar's class files costs tens to a few hundred milliseconds, once per jar. Jars larger
 * than {@link #MAX_CLASSES} selected classes, and code sources that are not plain files (nested jars
 * of fat-jar launchers), are left to the per-class analysis.
 */
final class CodeSourceCycles {

    static final int MAX_CLASSES = 20_000;

    /** Analyses slower than this are reported, so that their start-up cost is visible. */
    static final long REPORT_MILLIS = 100;

    private final ClassSelector selector;
    private final org.slf4j.Logger log;
    private final Map<String, Map<String, Integer>> byLocation = new HashMap<>();

    CodeSourceCycles(ClassSelector selector, org.slf4j.Logger log) {
        this.selector = selector;
        this.log = log;
    }

    /**
     * Keys ({@code owner.name()+descriptor}) of the methods in a cycle within the class's code source,
     * with their round's bytes where they are counted (0 where not, see {@link NestAnalyzer#cycles}).
     */
    Map<String, Integer> recursiveMethods(ProtectionDomain domain) {
        Path location = location(domain);
        if (location == null) {
            return Collections.emptyMap();
        }
        String key = location.toString();
        synchronized (this) {
            Map<String, Integer> known = byLocation.get(key);
            if (known != null) {
                return known;
            }
            // Analysed under the lock: classes of one jar often load on several threads at once, and
            // one analysis serves them all. Nothing here loads an application class.
            long started = System.nanoTime();
            Map<String, Integer> result = analyse(location);
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (millis >= REPORT_MILLIS && log != null) {
                int counted = 0;
                for (int roundBytes : result.values()) {
                    counted += roundBytes > 0 ? 1 : 0;
                }
                log.info("looked for call cycles across the classes of {} in {} ms: {} methods recurse, {} of them counted",
                        location, millis, result.size(), counted);
            }
            byLocation.put(key, result);
            return result;
        }
    }

    private static Path location(ProtectionDomain domain) {
        if (domain == null) {
            return null;
        }
        CodeSource source = domain.getCodeSource();
        URL url = source == null ? null : source.getLocation();
        if (url == null || !"file".equals(url.getProtocol())) {
            return null;
        }
        try {
            Path p = Paths.get(URI.create(url.toString()));
            return Files.isRegularFile(p) || Files.isDirectory(p) ? p : null;
        } catch (RuntimeException notAPath) {
            return null;
        }
    }

    private Map<String, Integer> analyse(Path location) {
        Map<String, ClassShape> classes = new HashMap<>();
        try {
            if (Files.isDirectory(location)) {
                readDirectory(location, classes);
            } else {
                readJar(location, classes);
            }
        } catch (IOException | RuntimeException unreadable) {
            return Collections.emptyMap();
        }
        if (classes.isEmpty() || classes.size() > MAX_CLASSES) {
            return Collections.emptyMap();
        }
        return NestAnalyzer.cycles(classes);
    }

    private void readJar(Path jar, Map<String, ClassShape> out) throws IOException {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                String name = e.getName();
                if (!selected(name)) {
                    continue;
                }
                if (out.size() > MAX_CLASSES) {
                    return;
                }
                try (InputStream in = file.getInputStream(e)) {
                    add(in.readAllBytes(), out);
                }
            }
        }
    }

    private void readDirectory(Path root, Map<String, ClassShape> out) throws IOException {
        Deque<Path> todo = new ArrayDeque<>();
        todo.push(root);
        while (!todo.isEmpty() && out.size() <= MAX_CLASSES) {
            // A DirectoryStream, not Files.list: no lambda to link while a class is being loaded.
            try (DirectoryStream<Path> children = Files.newDirectoryStream(todo.pop())) {
                for (Path p : children) {
                    if (Files.isDirectory(p)) {
                        todo.push(p);
                    } else if (selected(root.relativize(p).toString().replace('\\', '/'))) {
                        add(Files.readAllBytes(p), out);
                    }
                }
            }
        }
    }

    private boolean selected(String entryName) {
        if (!entryName.endsWith(".class") || entryName.startsWith("META-INF/") || entryName.contains("module-info")) {
            return false;
        }
        String className = entryName.substring(0, entryName.length() - ".class".length()).replace('/', '.');
        return selector.accepts(className);
    }

    private static void add(byte[] bytes, Map<String, ClassShape> out) {
        try {
            ClassShape shape = ClassShape.read(bytes);
            out.put(shape.name(), shape);
        } catch (RuntimeException corrupt) {
            // One unreadable class file does not stop the rest of the jar.
        }
    }
}
