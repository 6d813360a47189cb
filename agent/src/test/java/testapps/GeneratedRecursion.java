package testapps;

import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * A class generated in the host with the ASM inside the host's own Byte Buddy and defined by a loader
 * of its own: {@code static int down(int n) { if (n <= 0) return 0; <filler>; return down(n - 1) + 1; }},
 * for class files no source file can give (a name no file system of the build may hold, a method
 * near the JVM's code size limit).
 */
final class GeneratedRecursion {

    private GeneratedRecursion() {
    }

    /** Defines the class {@code internalName} whose {@code down} carries {@code fillerPairs} of {@code iconst_0; pop}. */
    static Class<?> define(String internalName, int fillerPairs) {
        byte[] bytes = classFile(internalName, fillerPairs);
        return new ClassLoader(GeneratedRecursion.class.getClassLoader()) {
            Class<?> define() {
                return defineClass(internalName.replace('/', '.'), bytes, 0, bytes.length);
            }
        }.define();
    }

    private static byte[] classFile(String internalName, int fillerPairs) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, internalName, null, "java/lang/Object", null);
        MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "down", "(I)I", null, null);
        m.visitCode();
        Label recurse = new Label();
        m.visitVarInsn(Opcodes.ILOAD, 0);
        m.visitJumpInsn(Opcodes.IFGT, recurse);
        m.visitInsn(Opcodes.ICONST_0);
        m.visitInsn(Opcodes.IRETURN);
        m.visitLabel(recurse);
        for (int i = 0; i < fillerPairs; i++) {
            m.visitInsn(Opcodes.ICONST_0);
            m.visitInsn(Opcodes.POP);
        }
        m.visitVarInsn(Opcodes.ILOAD, 0);
        m.visitInsn(Opcodes.ICONST_1);
        m.visitInsn(Opcodes.ISUB);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, internalName, "down", "(I)I", false);
        m.visitInsn(Opcodes.ICONST_1);
        m.visitInsn(Opcodes.IADD);
        m.visitInsn(Opcodes.IRETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }
}
