package io.stackwatch.bench.perf;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which mechanism the agent really gave each method, read from the class files it wrote under
 * {@code -Dstackwatch.dumpDir} ({@code Name.loaded.class}: the load-time rewrite;
 * {@code Name.counted[-n].class} and {@code Name.recounted[-n].class}: the counting code, the latest
 * being what runs). A method with a private synthetic overload of the same name and one {@code int}
 * more carries its depth in a parameter; a method whose code calls {@code Tracker.enter} has counting
 * code. The benchmarks' tables name what they measured, so that a change in the planner cannot pass
 * for a change in cost.
 */
public final class Mechanisms {

    /** What one method got. */
    public enum Mechanism {
        DEPTH_PARAMETER("depth parameter"),
        COUNTING_CODE("counting code"),
        NONE("not counted");

        private final String label;

        Mechanism(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private static final String TRACKER = "io/stackwatch/core/tracking/Tracker";
    private static final int ACC_PRIVATE = 0x0002;
    private static final int ACC_SYNTHETIC = 0x1000;
    private static final int INVOKESTATIC = 0xB8;

    private Mechanisms() {
    }

    /**
     * The mechanism of every method of every class the agent rewrote, by
     * {@code binary.ClassName.name(descriptor)} ({@code com.acme.Tree$Node.walk(I)I}), from the class
     * files under {@code dumpDir}; the synthetic overloads themselves are left out.
     */
    public static Map<String, Mechanism> read(Path dumpDir) throws IOException {
        Map<String, Path> latest = new TreeMap<>();
        Map<String, Integer> rank = new HashMap<>();
        if (!Files.isDirectory(dumpDir)) {
            return new TreeMap<>();
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dumpDir, "*.class")) {
            for (Path f : files) {
                String file = f.getFileName().toString();
                String base = file.substring(0, file.length() - ".class".length());
                int dot = base.lastIndexOf('.');
                String className = base.substring(0, dot);
                String stage = base.substring(dot + 1);
                int r = rank(stage);
                if (r > rank.getOrDefault(className, -1)) {
                    rank.put(className, r);
                    latest.put(className, f);
                }
            }
        }
        Map<String, Mechanism> out = new TreeMap<>();
        for (Map.Entry<String, Path> e : latest.entrySet()) {
            for (Map.Entry<String, Mechanism> m : methods(Files.readAllBytes(e.getValue())).entrySet()) {
                out.put(e.getKey() + "." + m.getKey(), m.getValue());
            }
        }
        return out;
    }

    /** Later stages win (loaded, counted, recounted); within a stage, the higher number ({@code counted-3}). */
    private static int rank(String stage) {
        int dash = stage.indexOf('-');
        String name = dash < 0 ? stage : stage.substring(0, dash);
        int n = dash < 0 ? 1 : Integer.parseInt(stage.substring(dash + 1));
        int base = name.equals("recounted") ? 2 : name.equals("counted") ? 1 : 0;
        return base * 100_000 + n;
    }

    /**
     * The mechanism of each method of one class file (the synthetic overloads themselves left out), by
     * {@code name+descriptor}. The entry of a rewritten cycle calls {@code Tracker.enter} too: it is
     * the depth parameter's, not counting code.
     */
    static Map<String, Mechanism> methods(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(classFile));
        in.readInt();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNameOf = new int[count];
        int[] refClass = new int[count];
        int[] refNameAndType = new int[count];
        int[] natName = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1: utf8[i] = in.readUTF(); break;
                case 7: classNameOf[i] = in.readUnsignedShort(); break;
                case 8: case 16: case 19: case 20: in.readUnsignedShort(); break;
                case 3: case 4: in.readInt(); break;
                case 5: case 6: in.readLong(); i++; break;
                case 9: case 10: case 11:
                    refClass[i] = in.readUnsignedShort();
                    refNameAndType[i] = in.readUnsignedShort();
                    break;
                case 12: natName[i] = in.readUnsignedShort(); in.readUnsignedShort(); break;
                case 15: in.readUnsignedByte(); in.readUnsignedShort(); break;
                case 17: case 18: in.readUnsignedShort(); in.readUnsignedShort(); break;
                default: throw new IOException("constant pool tag " + tag);
            }
        }
        Set<Integer> enters = new HashSet<>();
        for (int i = 1; i < count; i++) {
            if (refClass[i] != 0 && TRACKER.equals(utf8[classNameOf[refClass[i]]])
                    && utf8[natName[refNameAndType[i]]].startsWith("enter")) {
                enters.add(i);
            }
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        in.readUnsignedShort();
        skip(in, in.readUnsignedShort() * 2);
        int fields = in.readUnsignedShort();
        for (int f = 0; f < fields; f++) {
            skip(in, 6);
            skipAttributes(in);
        }
        int methods = in.readUnsignedShort();
        List<String[]> all = new ArrayList<>();
        Set<String> overloads = new HashSet<>();
        Set<String> counted = new HashSet<>();
        for (int m = 0; m < methods; m++) {
            int access = in.readUnsignedShort();
            String name = utf8[in.readUnsignedShort()];
            String descriptor = utf8[in.readUnsignedShort()];
            boolean counts = false;
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attribute = utf8[in.readUnsignedShort()];
                byte[] body = new byte[in.readInt()];
                in.readFully(body);
                counts |= attribute.equals("Code") && callsAny(body, enters);
            }
            // A depth overload: private, synthetic, one int more at the end (a lambda's body is private
            // and synthetic too, but has no twin without that int: it is then counted as a method).
            if ((access & (ACC_PRIVATE | ACC_SYNTHETIC)) == (ACC_PRIVATE | ACC_SYNTHETIC) && descriptor.contains("I)")) {
                overloads.add(name + descriptor.replace("I)", ")"));
                continue;
            }
            all.add(new String[]{name, descriptor});
            if (counts) {
                counted.add(name + descriptor);
            }
        }
        Map<String, Mechanism> out = new TreeMap<>();
        for (String[] m : all) {
            String key = m[0] + m[1];
            out.put(key, overloads.contains(key) ? Mechanism.DEPTH_PARAMETER
                    : counted.contains(key) ? Mechanism.COUNTING_CODE : Mechanism.NONE);
        }
        return out;
    }

    /** Whether a Code attribute's bytecode has {@code invokestatic} of one of {@code refs} (a byte scan: good enough for a label). */
    private static boolean callsAny(byte[] code, Set<Integer> refs) {
        int length = ((code[4] & 0xFF) << 24) | ((code[5] & 0xFF) << 16) | ((code[6] & 0xFF) << 8) | (code[7] & 0xFF);
        for (int i = 8; i + 2 < 8 + length; i++) {
            if ((code[i] & 0xFF) == INVOKESTATIC && refs.contains(((code[i + 1] & 0xFF) << 8) | (code[i + 2] & 0xFF))) {
                return true;
            }
        }
        return false;
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            in.readUnsignedShort();
            skip(in, in.readInt());
        }
    }

    private static void skip(DataInputStream in, int bytes) throws IOException {
        in.readFully(new byte[bytes]);
    }

    /**
     * A label for the methods named ({@code binary.ClassName.method}, every descriptor of that name):
     * their mechanism when they share it, else each one's.
     */
    public static String describe(Map<String, Mechanism> mechanisms, String... methods) {
        Mechanism[] of = new Mechanism[methods.length];
        boolean same = true;
        for (int i = 0; i < methods.length; i++) {
            of[i] = Mechanism.NONE;
            for (Map.Entry<String, Mechanism> e : mechanisms.entrySet()) {
                if (e.getKey().startsWith(methods[i] + "(") && e.getValue().compareTo(of[i]) < 0) {
                    of[i] = e.getValue();
                }
            }
            same &= of[i] == of[0];
        }
        if (same) {
            return String.valueOf(of[0]);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < methods.length; i++) {
            String m = methods[i];
            sb.append(i == 0 ? "" : ", ").append(m.substring(Math.max(m.lastIndexOf('.', m.lastIndexOf('.') - 1), m.lastIndexOf('$')) + 1))
                    .append(": ").append(of[i]);
        }
        return sb.toString();
    }

    /** Deletes a dump directory and what is in it. */
    public static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
