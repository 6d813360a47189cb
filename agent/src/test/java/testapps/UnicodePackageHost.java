package testapps;

import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * A recursion in a package with a non-ASCII name ({@code shapes.café}: legal Java), generated here
 * with the ASM inside the host's own Byte Buddy (a source file there would need a non-ASCII file
 * name, which a build under the C locale cannot write). Calls {@code down(100)}.
 */
public final class UnicodePackageHost {

    public static void main(String[] args) throws Exception {
        String name = "shapes/caf\u00e9/Deep";
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, name, null, "java/lang/Object", null);
        MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "down", "(I)I", null, null);
        m.visitCode();
        Label recurse = new Label();
        m.visitVarInsn(Opcodes.ILOAD, 0);
        m.visitJumpInsn(Opcodes.IFGT, recurse);
        m.visitInsn(Opcodes.ICONST_0);
        m.visitInsn(Opcodes.IRETURN);
        m.visitLabel(recurse);
        m.visitVarInsn(Opcodes.ILOAD, 0);
        m.visitInsn(Opcodes.ICONST_1);
        m.visitInsn(Opcodes.ISUB);
        m.visitMethodInsn(Opcodes.INVOKESTATIC, name, "down", "(I)I", false);
        m.visitInsn(Opcodes.ICONST_1);
        m.visitInsn(Opcodes.IADD);
        m.visitInsn(Opcodes.IRETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        cw.visitEnd();
        byte[] bytes = cw.toByteArray();
        Class<?> deep = new ClassLoader(UnicodePackageHost.class.getClassLoader()) {
            Class<?> define() {
                return defineClass(name.replace('/', '.'), bytes, 0, bytes.length);
            }
        }.define();
        System.out.println(deep.getName() + " down(100)=" + deep.getMethod("down", int.class).invoke(null, 100));
    }
}
