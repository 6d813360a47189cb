package io.stackwatch.bench.perf.mechanism;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Which mechanism counts each method, read from the classes an agent run wrote with
 * {@code -Dstackwatch.dumpDir=DIR}: a private synthetic overload with the depth as an extra {@code int}
 * (the depth parameter), or a call of the tracker's {@code enter} (counting code). Of each class the
 * last form the JVM got is read (recounted, else counted, else loaded). Prints one line per dump
 * directory given: {@code name rewritten=N countingCode=M share=P%}.
 */
public final class MechanismShares {

    private static final String TRACKER = "io/stackwatch/core/tracking/Tracker";

    private MechanismShares() {
    }

    public static void main(String[] args) throws IOException {
        long allRewritten = 0;
        long allCounted = 0;
        for (String dir : args) {
            long[] n = shares(Path.of(dir));
            allRewritten += n[0];
            allCounted += n[1];
            System.out.println(line(Path.of(dir).getFileName().toString(), n[0], n[1]));
        }
        if (args.length > 1) {
            System.out.println(line("all", allRewritten, allCounted));
        }
    }

    private static String line(String name, long rewritten, long counted) {
        long total = rewritten + counted;
        return name + " rewritten=" + rewritten + " countingCode=" + counted + " depthParameterShare="
                + (total == 0 ? "-" : Math.round(100.0 * rewritten / total) + "%");
    }

    /** {@code [methods with a depth parameter, methods with counting code]} in one dump directory. */
    static long[] shares(Path dir) throws IOException {
        Map<String, Path> latest = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.toString().endsWith(".class")).forEach(p -> {
                String f = p.getFileName().toString();
                String stem = f.substring(0, f.length() - ".class".length());
                String cls = stem.substring(0, stem.lastIndexOf('.'));
                Path had = latest.get(cls);
                if (had == null || rank(p) > rank(had)) {
                    latest.put(cls, p);
                }
            });
        }
        long[] n = new long[2];
        for (Path p : latest.values()) {
            count(Files.readAllBytes(p), n);
        }
        return n;
    }

    private static int rank(Path p) {
        String f = p.getFileName().toString();
        return f.endsWith(".recounted.class") ? 3 : f.endsWith(".counted.class") ? 2 : 1;
    }

    private static void count(byte[] bytes, long[] n) {
        java.util.Set<String> declared = new java.util.HashSet<>();
        java.util.List<String> synthetic = new java.util.ArrayList<>();
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                String key = name + descriptor;
                declared.add(key);
                if ((access & Opcodes.ACC_SYNTHETIC) != 0 && (access & Opcodes.ACC_PRIVATE) != 0) {
                    synthetic.add(key);
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    private boolean counted;

                    @Override
                    public void visitMethodInsn(int opcode, String owner, String mname, String mdesc, boolean itf) {
                        if (!counted && owner.equals(TRACKER) && mname.startsWith("enter")) {
                            counted = true;
                            n[1]++;
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        // A depth overload: private, synthetic, the same name and descriptor as a method of the class
        // with one int more at the end (a lambda's body is private and synthetic too, but has no twin).
        for (String key : synthetic) {
            int close = key.indexOf(')');
            if (close > 0 && key.charAt(close - 1) == 'I'
                    && declared.contains(key.substring(0, close - 1) + key.substring(close))) {
                n[0]++;
            }
        }
    }
}
