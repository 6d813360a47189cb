package io.stackwatch.agent.scan;

import io.stackwatch.agent.classfile.ClassShape;
import io.stackwatch.agent.classfile.MethodShape;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Runs the scan in-process over the class files of test fixtures, and finds things in the result. */
final class ScanHarness {

    static final Path TEST_CLASSES = Paths.get(System.getProperty("stackwatch.testClasses", "target/test-classes"));

    private ScanHarness() {
    }

    /** The class files of these classes and their nested classes. */
    static List<String> classFiles(Class<?>... types) throws IOException {
        List<String> out = new ArrayList<>();
        for (Class<?> t : types) {
            Path file = TEST_CLASSES.resolve(t.getName().replace('.', '/') + ".class");
            String prefix = file.getFileName().toString().replace(".class", "$");
            out.add(file.toString());
            try (Stream<Path> siblings = Files.list(file.getParent())) {
                siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().forEach(p -> out.add(p.toString()));
            }
        }
        return out;
    }

    static ScanResult scan(Class<?>... types) throws IOException {
        return scan(List.of(), types);
    }

    static ScanResult scan(List<String> extraOptions, Class<?>... types) throws IOException {
        List<String> args = new ArrayList<>(extraOptions);
        args.add("--quiet");
        args.add("--top");
        args.add("0");
        args.addAll(classFiles(types));
        ScanOptions options = ScanOptions.parse(args.toArray(new String[0]));
        return StaticScan.run(options, new Progress(new PrintStream(new ByteArrayOutputStream()), true));
    }

    /** {@code Class#method} names (simple class name) of a recursion's cycle, in call order. */
    static List<String> cycle(ScanResult r, Recursion rec) {
        return Arrays.stream(rec.cycle).mapToObj(v -> MethodNames.shortName(r.graph.nodes[v])).collect(Collectors.toList());
    }

    static List<String> members(ScanResult r, Recursion rec) {
        return Arrays.stream(rec.members).mapToObj(v -> MethodNames.shortName(r.graph.nodes[v])).collect(Collectors.toList());
    }

    /** The recursion whose members include this method ({@code Class#method}, simple class name). */
    static Optional<Recursion> recursionWith(ScanResult r, String method) {
        return r.recursions.stream().filter(rec -> members(r, rec).contains(method)).findFirst();
    }

    static Recursion only(ScanResult r, String method) {
        return recursionWith(r, method).orElseThrow(() -> new AssertionError("no recursion with " + method + " in "
                + r.recursions.stream().map(rec -> cycle(r, rec).toString()).collect(Collectors.joining(", "))));
    }

    static MethodShape method(ScanResult r, String name) {
        return Arrays.stream(r.graph.nodes).filter(m -> MethodNames.shortName(m).equals(name)).findFirst().orElseThrow();
    }

    /** Runs the command in-process and keeps what it printed. */
    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ScanCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** What an in-process run printed. */
    static final class Run {
        final int status;
        final String out;
        final String err;

        Run(int status, String out, String err) {
            this.status = status;
            this.out = out;
            this.err = err;
        }

        List<String> errLines() {
            return err.isEmpty() ? List.of() : Arrays.asList(err.split("\\R"));
        }

        @Override
        public String toString() {
            return "status " + status + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }
}
