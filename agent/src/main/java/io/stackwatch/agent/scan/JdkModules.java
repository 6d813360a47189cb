package io.stackwatch.agent.scan;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The scan's {@code jrt:} inputs: class files of the running JDK's modules, read from its jrt file
 * system (the {@code lib/modules} image) as they are, never loaded. {@code jrt:/java.base} is one
 * module, {@code jrt:/java.base/java/util} a package tree inside it, {@code jrt:/} every module.
 */
final class JdkModules {

    static final String SCHEME = "jrt:";

    private JdkModules() {
    }

    /** The class files an argument names, sorted; module descriptors and package infos left out. */
    static List<Path> classFiles(String argument) throws IOException {
        String rest = argument.substring(SCHEME.length());
        while (rest.startsWith("/")) {
            rest = rest.substring(1);
        }
        while (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        Path root = jrt.getPath("/modules");
        Path start = rest.isEmpty() ? root : root.resolve(rest);
        if (!Files.exists(start)) {
            String module = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
            throw new NoSuchFileException(Files.exists(root.resolve(module))
                    ? "no such package directory in module " + module + " of the running JDK (" + runtime() + ")"
                    : "no module " + module + " in the running JDK (" + runtime() + "; java --list-modules lists them)");
        }
        try (Stream<Path> walk = Files.walk(start)) {
            return walk.filter(p -> {
                String name = p.getFileName() == null ? "" : p.getFileName().toString();
                return name.endsWith(".class") && !name.equals("module-info.class") && !name.equals("package-info.class");
            }).sorted().collect(Collectors.toList());
        }
    }

    /** The running JDK, as reports name it: {@code 17.0.15 (/usr/lib/jvm/...)}. */
    static String runtime() {
        return Runtime.version() + " at " + System.getProperty("java.home");
    }

    /**
     * A class path split at {@code :}, keeping {@code jrt:/module} elements whole: {@code jrt} followed
     * by an element that starts with {@code /} is one element.
     */
    static List<String> splitPath(String path) {
        String[] parts = path.split(File.pathSeparator, -1);
        List<String> out = new ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].equals("jrt") && i + 1 < parts.length && parts[i + 1].startsWith("/")) {
                out.add(SCHEME + parts[++i]);
            } else {
                out.add(parts[i]);
            }
        }
        return out;
    }
}
