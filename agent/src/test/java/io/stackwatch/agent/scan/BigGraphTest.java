package io.stackwatch.agent.scan;

import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generated input with a cycle of 20,000 methods and a chain of 20,000 more, scanned on a thread
 * with a 256 KiB stack (20,000 frames of any method take more): nothing in the analysis may recurse
 * per method.
 */
class BigGraphTest {

    private static final int PER_CLASS = 2_000;
    private static final int CLASSES = 10;

    @TempDir
    Path dir;

    /** Classes big/{prefix}K with static methods m0..m1999; each calls the next, across classes; a ring closes. */
    private void generate(String prefix, boolean ring) throws IOException {
        int total = PER_CLASS * CLASSES;
        for (int k = 0; k < CLASSES; k++) {
            ClassWriter cw = new ClassWriter(0);
            String name = "big/" + prefix + k;
            cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", null);
            for (int i = 0; i < PER_CLASS; i++) {
                int global = k * PER_CLASS + i;
                MethodVisitor mv = cw.visitMethod(Opcodes.ACC_STATIC, "m" + i, "(I)I", null, null);
                mv.visitCode();
                int next = global + 1;
                if (next < total || ring) {
                    next %= total;
                    mv.visitVarInsn(Opcodes.ILOAD, 0);
                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "big/" + prefix + (next / PER_CLASS), "m" + (next % PER_CLASS), "(I)I", false);
                } else {
                    mv.visitVarInsn(Opcodes.ILOAD, 0);
                }
                mv.visitInsn(Opcodes.IRETURN);
                mv.visitMaxs(1, 1);
                mv.visitEnd();
            }
            cw.visitEnd();
            Path file = dir.resolve(name + ".class");
            Files.createDirectories(file.getParent());
            Files.write(file, cw.toByteArray());
        }
    }

    @Test
    void aCycleAndAChainOfTwentyThousandMethodsEachAreAnalysedOnATinyStack() throws Exception {
        generate("Ring", true);
        generate("Chain", false);
        ScanOptions options = ScanOptions.parse(new String[]{"--quiet", "--chains", "1", dir.toString()});
        ScanResult[] result = new ScanResult[1];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                result[0] = StaticScan.run(options, new Progress(new PrintStream(new ByteArrayOutputStream()), true));
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "tiny-stack", 256 * 1024);
        t.start();
        t.join();

        assertThat(failure[0]).isNull();
        ScanResult r = result[0];
        int n = PER_CLASS * CLASSES;
        assertThat(r.graph.size()).isEqualTo(2 * n + 0); // no constructors were generated
        assertThat(r.recursions).singleElement().satisfies(rec -> {
            assertThat(rec.members).hasSize(n);
            assertThat(rec.cycle).hasSize(n);
            assertThat(rec.tier).isEqualTo(Recursion.CERTAIN);
        });
        assertThat(r.chains).singleElement().satisfies(c -> assertThat(c.methods).hasSize(n));
    }
}
