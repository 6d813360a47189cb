package io.stackwatch.agent.instrument;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;

/**
 * Lets the agent see the {@link StackOverflowError}s that never pass counted code: a call to
 * {@code Tracker.sighted(Throwable)} at the start of {@code Throwable.getOurStackTrace} (every
 * printed, logged or inspected trace goes through it) and of {@code Thread.dispatchUncaughtException}
 * (a thread the error ends). The tracker keeps the overflows among them for the learner, which counts
 * their cycles. The added code is a type test on the throwable; nothing else of the JDK changes.
 */
final class SightingHooks implements ClassFileTransformer {

    static final String THROWABLE = "java/lang/Throwable";
    static final String THREAD = "java/lang/Thread";
    private static final String TRACKER = "io/stackwatch/core/tracking/Tracker";

    private volatile boolean removed;

    @Override
    public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> redefined,
                            ProtectionDomain domain, byte[] classfile) {
        if (removed || loader != null || !(THROWABLE.equals(internalName) || THREAD.equals(internalName))) {
            return null;
        }
        try {
            ClassReader reader = new ClassReader(classfile);
            // No frames to compute: the call goes before the first instruction and leaves the stack as it found it.
            ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
            Hooks hooks = new Hooks(writer, internalName);
            reader.accept(hooks, 0);
            return hooks.hooked ? writer.toByteArray() : null;
        } catch (RuntimeException | LinkageError unexpected) {
            return null; // the JDK's class as it is: sightings then come from counted code only
        }
    }

    /** From now on the JDK's classes are returned as they are: a retransformation removes the hooks. */
    void remove() {
        removed = true;
    }

    private static final class Hooks extends ClassVisitor {
        private final String owner;
        boolean hooked;

        Hooks(ClassVisitor next, String owner) {
            super(Opcodes.ASM9, next);
            this.owner = owner;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            final int slot;
            if (owner.equals(THROWABLE) && name.equals("getOurStackTrace") && descriptor.equals("()[Ljava/lang/StackTraceElement;")) {
                slot = 0; // this
            } else if (owner.equals(THREAD) && name.equals("dispatchUncaughtException") && descriptor.equals("(Ljava/lang/Throwable;)V")) {
                slot = 1; // the throwable
            } else {
                return mv;
            }
            hooked = true;
            return new MethodVisitor(Opcodes.ASM9, mv) {
                @Override
                public void visitCode() {
                    super.visitCode();
                    super.visitVarInsn(Opcodes.ALOAD, slot);
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, TRACKER, "sighted", "(Ljava/lang/Throwable;)V", false);
                }
            };
        }
    }
}
