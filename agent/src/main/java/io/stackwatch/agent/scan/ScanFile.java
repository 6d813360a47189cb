package io.stackwatch.agent.scan;

import io.stackwatch.agent.config.MethodSelection;
import io.stackwatch.agent.json.JsonReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A scan report ({@code scan --json} or {@code --out}) read back by the agent for
 * {@code select=scan:<file>}: every method it names, in every recursion's cycle and members, is
 * instrumented, whichever classes and packages they are in. Read once at start, in premain.
 */
public final class ScanFile implements MethodSelection {

    /** Reads reports for the configuration (a class, not a method reference: premain's path). */
    public static final MethodSelection.Reader READER = new MethodSelection.Reader() {
        @Override
        public MethodSelection read(Path file) throws IOException {
            return ScanFile.read(file);
        }
    };

    private final Set<String> methodKeys;
    private final Set<String> classNames;
    private final int recursions;

    private ScanFile(Set<String> methodKeys, Set<String> classNames, int recursions) {
        this.methodKeys = Collections.unmodifiableSet(methodKeys);
        this.classNames = Collections.unmodifiableSet(classNames);
        this.recursions = recursions;
    }

    /**
     * Reads a report.
     *
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when it is not a stackwatch scan report; the message says why
     */
    public static ScanFile read(Path file) throws IOException {
        // Read in premain: never open what may block (a FIFO waits for a writer for ever).
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new IOException("not a regular file: a FIFO, a device or a directory is never opened");
        }
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        Object root = JsonReader.parse(text);
        if (!(root instanceof Map)) {
            throw new IllegalArgumentException("not a scan report: the top level is not a JSON object");
        }
        Map<?, ?> report = (Map<?, ?>) root;
        Object format = report.get("format");
        if (!(format instanceof Long) || (Long) format != JsonReport.FORMAT) {
            throw new IllegalArgumentException("not a scan report of format " + JsonReport.FORMAT + " (\"format\" is "
                    + (format == null ? "missing" : format) + ")");
        }
        Object list = report.get("recursions");
        if (!(list instanceof List)) {
            throw new IllegalArgumentException("not a scan report: no \"recursions\" array");
        }
        Set<String> keys = new HashSet<>();
        Set<String> classes = new HashSet<>();
        int n = 0;
        for (Object r : (List<?>) list) {
            if (!(r instanceof Map)) {
                throw new IllegalArgumentException("recursion " + (n + 1) + " is not an object");
            }
            n++;
            for (String part : new String[]{"cycle", "members"}) {
                Object methods = ((Map<?, ?>) r).get(part);
                if (methods == null) {
                    continue;
                }
                if (!(methods instanceof List)) {
                    throw new IllegalArgumentException("recursion " + n + ": \"" + part + "\" is not an array");
                }
                for (Object m : (List<?>) methods) {
                    addMethod(m, n, keys, classes);
                }
            }
        }
        return new ScanFile(keys, classes, n);
    }

    private static void addMethod(Object m, int recursion, Set<String> keys, Set<String> classes) {
        if (m instanceof Map && Boolean.TRUE.equals(((Map<?, ?>) m).get("family"))) {
            return; // a dispatch family: no code of its own; its implementations are listed as members
        }
        Object name = m instanceof Map ? ((Map<?, ?>) m).get("method") : null;
        Object descriptor = m instanceof Map ? ((Map<?, ?>) m).get("descriptor") : null;
        int hash = name instanceof String ? ((String) name).indexOf('#') : -1;
        if (hash <= 0 || hash == ((String) name).length() - 1 || !(descriptor instanceof String)
                || !((String) descriptor).startsWith("(") || ((String) descriptor).indexOf(')') < 0) {
            throw new IllegalArgumentException("recursion " + recursion + ": expected methods as {\"method\":\"pkg.Class#name\","
                    + "\"descriptor\":\"(...)...\"}, found " + m);
        }
        String owner = ((String) name).substring(0, hash).replace('.', '/');
        keys.add(owner + "." + ((String) name).substring(hash + 1) + descriptor);
        classes.add(owner);
    }

    @Override
    public Set<String> methodKeys() {
        return methodKeys;
    }

    @Override
    public Set<String> classNames() {
        return classNames;
    }

    @Override
    public int recursions() {
        return recursions;
    }
}
