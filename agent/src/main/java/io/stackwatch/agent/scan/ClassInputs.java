package io.stackwatch.agent.scan;

import io.stackwatch.agent.classfile.ClassShape;
import io.stackwatch.agent.classfile.MethodShape;
import io.stackwatch.agent.classfile.ShapeReader;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Turns the command line's inputs (jars, directories, class files, classpaths) into class shapes,
 * read in parallel and never loaded. Whatever cannot be read is skipped with one line naming the
 * file (and the entry); everything else is still read. The first of two classes with one name wins,
 * as on a class path.
 */
final class ClassInputs {

    private static final int CHUNK = 256;

    /** What was read. */
    static final class Loaded {
        final List<ClassShape> classes;
        final List<String> problems;
        final int inputs;
        final long inputBytes;
        final int duplicates;

        /** What the guard analysis found in each method, by method (identity). */
        final java.util.Map<MethodShape, DepthFacts> facts;

        Loaded(List<ClassShape> classes, java.util.Map<MethodShape, DepthFacts> facts, List<String> problems, int inputs,
               long inputBytes, int duplicates) {
            this.facts = facts;
            this.classes = classes;
            this.problems = problems;
            this.inputs = inputs;
            this.inputBytes = inputBytes;
            this.duplicates = duplicates;
        }
    }

    /** One piece of work: some classes of one input, read on a worker thread. */
    private interface Task {
        List<ClassShape> read(List<String> problems) throws IOException;
    }

    private final Progress progress;
    private final List<String> problems = new ArrayList<>();
    private final List<Task> tasks = new ArrayList<>();
    private final List<ZipFile> open = new ArrayList<>();
    private final AtomicInteger classesRead = new AtomicInteger();
    /** Filled by the readers' threads (a method shape's identity is its key). */
    private final java.util.Map<MethodShape, DepthFacts> facts = new java.util.concurrent.ConcurrentHashMap<>();
    private int inputs;
    private long inputBytes;

    private ClassInputs(Progress progress) {
        this.progress = progress;
    }

    static Loaded read(List<String> arguments, Progress progress) {
        ClassInputs in = new ClassInputs(progress);
        try {
            for (String argument : arguments) {
                in.expand(argument);
            }
            progress.start(in.inputBytes, in.inputs);
            return in.runAll();
        } finally {
            for (ZipFile z : in.open) {
                try {
                    z.close();
                } catch (IOException ignored) {
                    // read-only; nothing to lose
                }
            }
        }
    }

    // ------------------------------------------------------------------ what to read

    private void expand(String argument) {
        if (argument.isEmpty()) {
            return;
        }
        if (argument.startsWith(JdkModules.SCHEME) && !argument.substring(JdkModules.SCHEME.length()).contains(File.pathSeparator)) {
            addJdkModules(argument);
            return;
        }
        if (argument.contains(File.pathSeparator)) {
            for (String element : JdkModules.splitPath(argument)) {
                expand(element);
            }
            return;
        }
        if (argument.endsWith("*")) {
            String dir = argument.substring(0, argument.length() - 1);
            Path d = Paths.get(dir.isEmpty() ? "." : dir);
            if (!Files.isDirectory(d)) {
                problem(argument, "no such directory");
                return;
            }
            try (Stream<Path> files = Files.list(d)) {
                for (Path jar : files.filter(p -> isArchiveName(p.toString())).sorted().collect(Collectors.toList())) {
                    addFile(jar);
                }
            } catch (IOException e) {
                problem(argument, "cannot list the directory (" + describe(e) + ")");
            }
            return;
        }
        Path p = Paths.get(argument);
        if (Files.isDirectory(p)) {
            addDirectory(p);
        } else if (!Files.exists(p)) {
            problem(argument, "no such file");
        } else {
            addFile(p);
        }
    }

    private void addDirectory(Path dir) {
        List<Path> classFiles = new ArrayList<>();
        List<Path> archives = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
                String name = p.getFileName().toString();
                if (name.endsWith(".class")) {
                    if (!skippedEntry(dir.relativize(p).toString().replace(File.separatorChar, '/'))) {
                        classFiles.add(p);
                    }
                } else if (isArchiveName(name)) {
                    archives.add(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            problem(dir.toString(), "cannot read the directory (" + describe(e) + ")");
            return;
        }
        if (!classFiles.isEmpty()) {
            inputs++; // a directory of classes; a directory of jars counts its jars
        }
        for (int from = 0; from < classFiles.size(); from += CHUNK) {
            List<Path> chunk = classFiles.subList(from, Math.min(classFiles.size(), from + CHUNK));
            for (Path f : chunk) {
                inputBytes += f.toFile().length();
            }
            tasks.add(problems -> readClassFiles(chunk, problems));
        }
        for (Path archive : archives) {
            addFile(archive);
        }
    }

    /** {@code jrt:/java.base}, {@code jrt:/java.base/java/util}, {@code jrt:/}: the running JDK's own classes. */
    private void addJdkModules(String argument) {
        List<Path> classFiles;
        try {
            classFiles = JdkModules.classFiles(argument);
        } catch (NoSuchFileException e) {
            problem(argument, e.getMessage());
            return;
        } catch (IOException | RuntimeException e) {
            problem(argument, describe(e));
            return;
        }
        if (classFiles.isEmpty()) {
            problem(argument, "no class files there in the running JDK (" + JdkModules.runtime() + ")");
            return;
        }
        inputs++;
        for (int from = 0; from < classFiles.size(); from += CHUNK) {
            List<Path> chunk = classFiles.subList(from, Math.min(classFiles.size(), from + CHUNK));
            for (Path f : chunk) {
                try {
                    inputBytes += Files.size(f);
                } catch (IOException ignored) {
                    // the size is for the summary line only
                }
            }
            tasks.add(problems -> readClassFiles(chunk, problems));
        }
    }

    private List<ClassShape> readClassFiles(List<Path> files, List<String> problems) {
        List<ClassShape> out = new ArrayList<>(files.size());
        for (Path f : files) {
            try {
                ClassShape c = parse(Files.readAllBytes(f), f.toString(), problems);
                if (c != null) {
                    out.add(c);
                }
            } catch (IOException e) {
                problems.add(line(f.toString(), "cannot read the file (" + describe(e) + ")"));
            }
        }
        return out;
    }

    private void addFile(Path file) {
        String name = file.toString();
        if (name.endsWith(".class")) {
            inputs++;
            inputBytes += file.toFile().length();
            tasks.add(problems -> readClassFiles(List.of(file), problems));
            return;
        }
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            problem(name, "not a jar, directory or class file (" + describe(e) + ")");
            return;
        } catch (NoSuchFileException e) {
            problem(name, "no such file");
            return;
        } catch (IOException | RuntimeException e) {
            problem(name, "cannot open it as a jar (" + describe(e) + ")");
            return;
        }
        open.add(zip);
        inputs++;
        inputBytes += file.toFile().length();
        List<ZipEntry> entries = new ArrayList<>();
        try {
            for (ZipEntry e : Collections.list(zip.entries())) {
                if (e.isDirectory()) {
                    continue;
                }
                if (e.getName().endsWith(".class") && !skippedEntry(e.getName()) || isArchiveName(e.getName())) {
                    entries.add(e);
                }
            }
        } catch (RuntimeException e) {
            problem(name, "cannot list the jar's entries (" + describe(e) + ")");
        }
        for (int from = 0; from < entries.size(); from += CHUNK) {
            List<ZipEntry> chunk = entries.subList(from, Math.min(entries.size(), from + CHUNK));
            tasks.add(problems -> readEntries(zip, name, chunk, problems));
        }
    }

    private List<ClassShape> readEntries(ZipFile zip, String jarName, List<ZipEntry> entries, List<String> problems) {
        List<ClassShape> out = new ArrayList<>(entries.size());
        for (ZipEntry e : entries) {
            String where = jarName + "!/" + e.getName();
            byte[] bytes;
            try (InputStream in = zip.getInputStream(e)) {
                bytes = in.readAllBytes();
            } catch (IOException | RuntimeException ex) {
                problems.add(line(where, "cannot read the entry (" + describe(ex) + ")"));
                continue;
            }
            if (isArchiveName(e.getName())) {
                readNested(bytes, where, out, problems);
            } else {
                ClassShape c = parse(bytes, where, problems);
                if (c != null) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /** A jar inside a jar (a Spring Boot {@code BOOT-INF/lib/}, a war's {@code WEB-INF/lib/}). */
    private void readNested(byte[] jar, String where, List<ClassShape> out, List<String> problems) {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            boolean any = false;
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                any = true;
                if (!e.isDirectory() && e.getName().endsWith(".class") && !skippedEntry(e.getName())) {
                    ClassShape c = parse(in.readAllBytes(), where + "!/" + e.getName(), problems);
                    if (c != null) {
                        out.add(c);
                    }
                }
            }
            if (!any) {
                problems.add(line(where, "not a jar (no entries)"));
            }
        } catch (IOException | RuntimeException e) {
            problems.add(line(where, "cannot read the nested jar (" + describe(e) + ")"));
        }
    }

    private ClassShape parse(byte[] bytes, String where, List<String> problems) {
        classesRead.incrementAndGet();
        if (bytes.length < 10 || (bytes[0] & 0xFF) != 0xCA || (bytes[1] & 0xFF) != 0xFE
                || (bytes[2] & 0xFF) != 0xBA || (bytes[3] & 0xFF) != 0xBE) {
            problems.add(line(where, "not a class file (" + (bytes.length < 4 ? bytes.length + " bytes"
                    : String.format(Locale.ROOT, "magic number 0x%02x%02x%02x%02x, expected 0xcafebabe",
                    bytes[0], bytes[1], bytes[2], bytes[3])) + ")"));
            return null;
        }
        try {
            return ShapeReader.readDetailed(bytes, new ShapeReader.MethodAnalysis() {
                @Override
                public net.bytebuddy.jar.asm.MethodVisitor visitor(MethodShape m) {
                    return new DepthTracker(m, facts);
                }
            });
        } catch (RuntimeException | LinkageError e) {
            problems.add(line(where, "not a valid class file (" + describe(e) + ")"));
            return null;
        }
    }

    // ------------------------------------------------------------------ reading

    private Loaded runAll() {
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 8));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "stackwatch-scan-reader");
            t.setDaemon(true);
            return t;
        });
        List<Future<List<ClassShape>>> futures = new ArrayList<>(tasks.size());
        List<List<String>> taskProblems = new ArrayList<>(tasks.size());
        for (Task task : tasks) {
            List<String> own = new ArrayList<>();
            taskProblems.add(own);
            futures.add(pool.submit(() -> task.read(own)));
        }
        pool.shutdown();
        try {
            while (!pool.awaitTermination(500, TimeUnit.MILLISECONDS)) {
                progress.reading(classesRead.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<String, ClassShape> byName = new LinkedHashMap<>();
        int duplicates = 0;
        for (int i = 0; i < futures.size(); i++) {
            List<ClassShape> read;
            try {
                read = futures.get(i).get();
            } catch (ExecutionException e) {
                problems.add(line("input", "could not be read (" + describe(e.getCause()) + ")"));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            problems.addAll(taskProblems.get(i));
            for (ClassShape c : read) {
                if (byName.putIfAbsent(c.name(), c) != null) {
                    duplicates++;
                }
            }
        }
        return new Loaded(new ArrayList<>(byName.values()), facts, problems, inputs, inputBytes, duplicates);
    }

    // ------------------------------------------------------------------ helpers

    /** Entries read past: multi-release variants (the base class is read), module and package descriptors. */
    private static boolean skippedEntry(String name) {
        return name.startsWith("META-INF/versions/") || name.endsWith("module-info.class") || name.endsWith("package-info.class");
    }

    private static boolean isArchiveName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".jar") || n.endsWith(".zip") || n.endsWith(".war") || n.endsWith(".ear");
    }

    private void problem(String where, String what) {
        problems.add(line(where, what));
    }

    static String line(String where, String what) {
        return "stackwatch scan: skipped " + where + ": " + what;
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isEmpty() ? "" : ": " + m.replace('\n', ' '));
    }
}
