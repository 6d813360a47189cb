package testapps;

import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * A host with a class the agent cannot transform: a recursive method so close to the JVM's 64 KiB
 * limit on a method's code that any advice added to it overflows the limit (generated parsers can
 * have methods like this). The class is generated here with the ASM inside the host's own Byte
 * Buddy and loaded normally; it must run unchanged, and the rest of the agent must keep working
 * (the {@link Runaway} recursion afterwards is still warned about).
 */
public final class HugeMethodHost {

    /** Bytes of filler: leaves the method 14 bytes under the 65,535-byte limit, too few for any instrumentation. */
    private static final int FILLER_PAIRS = 32_752;

    public static void main(String[] args) throws Exception {
        byte[] bytes = hugeRecursiveClass();
        Class<?> huge = new ClassLoader(HugeMethodHost.class.getClassLoader()) {
            Class<?> define() {
                return defineClass("gen.HugeRecursion", bytes, 0, bytes.length);
            }
        }.define();
        int result = (int) huge.getMethod("down", int.class).invoke(null, 100);
        System.out.println("huge method ran: down(100)=" + result + " trackerDepth=" + TrackerProbe.depth());
        Runaway.main(new String[] {"platform", "0", "1"});
    }

    /** {@code static int down(int n) { if (n == 0) return 0; <filler>; return down(n - 1) + 1; }} */
    private static byte[] hugeRecursiveClass() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, "gen/HugeRecursion", null, "java/lang/Object", null);
        MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "down", "(I)I", null, null);
        m.visitCode();
        Label recurse = new Label();
        m.visitVarInsn(Opcodes.ILOAD, 0);
        m.visitJumpInsn(Opcodes.IFNE, recurse);
        m.visitInsn(Opcodes.ICONST_0);
        m.visitInsn(Opcodes.IRETURN);
        m.visitLabel(recurse);
        for (int i = 0; i < FILLER_PAIRS; i++) {
            m.visitInsn(Opcodes.ICONST_0);
            m.visitInsn(Opcodes.POP);
        }
        m.visitVarInsn(Opcodes.ILOAD, 0);
        m.visitInsn(Opcodes.ICONST_1);
        m.visitInsn(Opcodes.ISUB);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, "gen/HugeRecursion", "down", "(I)I", false);
        m.visitInsn(Opcodes.ICONST_1);
        m.visitInsn(Opcodes.IADD);
        m.visitInsn(Opcodes.IRETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }
}
