package io.stackwatch.agent.premain;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import java.util.ArrayList;
import java.util.List;

/** Reads a class file with ASM and lists its {@code invokedynamic} call sites (lambdas, method references, ...). */
public final class Bytecode {

    private Bytecode() {
    }

    /** {@code method: bootstrap#name} for every {@code invokedynamic} in the class; empty when it has none. */
    public static List<String> invokedynamics(byte[] classFile) {
        List<String> found = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String method, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitInvokeDynamicInsn(String name, String desc, Handle bootstrap, Object... args) {
                        found.add(method + ": " + bootstrap.getOwner().substring(bootstrap.getOwner().lastIndexOf('/') + 1)
                                + "#" + name);
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return found;
    }
}
