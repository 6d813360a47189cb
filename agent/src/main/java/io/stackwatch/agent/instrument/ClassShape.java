package io.stackwatch.agent.instrument;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the planner needs to know of a class file, read without loading the class: its place in a
 * nest and hierarchy, and for each method its frame shape and the calls it makes (lambda and method
 * reference targets included, through their {@code invokedynamic} bootstrap arguments).
 */
final class ClassShape {

    // Access flags from the JVM specification, spelled out: inlined constants of ASM's Opcodes
    // would leave an unrelocated class reference in the shaded jar.
    static final int ACC_BRIDGE = 0x0040;
    static final int ACC_NATIVE = 0x0100;
    static final int ACC_ABSTRACT = 0x0400;

    /** A call dispatched over the hierarchy (invokevirtual, invokeinterface). */
    static final String VIRTUAL = "virtual";
    /** A call to exactly the named method (invokestatic, invokespecial: super calls, constructors). */
    static final String EXACT = "exact";

    final String name;
    String superName;
    String[] interfaces = new String[0];
    String nestHost;
    final List<String> nestMembers = new ArrayList<>();
    final List<String> innerClasses = new ArrayList<>();
    final List<MethodShape> methods = new ArrayList<>();

    private ClassShape(String name) {
        this.name = name;
    }

    /** One method: its frame shape and the methods it calls. */
    static final class MethodShape {
        final String owner;
        final String name;
        final String descriptor;
        final int access;
        int maxLocals;
        int maxStack;
        /** Calls as {owner, name, descriptor, kind}: {@link #VIRTUAL} or {@link #EXACT}. */
        final List<String[]> calls = new ArrayList<>();

        MethodShape(String owner, String name, String descriptor, int access) {
            this.owner = owner;
            this.name = name;
            this.descriptor = descriptor;
            this.access = access;
        }

        /** Concrete code we may put advice around: no abstract/native methods, constructors or bridges. */
        boolean instrumentable() {
            return (access & (ACC_ABSTRACT | ACC_NATIVE | ACC_BRIDGE)) == 0
                    && !name.startsWith("<");
        }

        String key() {
            return owner + "." + name + descriptor;
        }
    }

    static ClassShape read(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        ClassShape shape = new ClassShape(reader.getClassName());
        reader.accept(new ShapeVisitor(shape), ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return shape;
    }

    List<MethodShape> methods() {
        return Collections.unmodifiableList(methods);
    }

    private static final class ShapeVisitor extends ClassVisitor {
        private final ClassShape shape;

        ShapeVisitor(ClassShape shape) {
            super(Opcodes.ASM9);
            this.shape = shape;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            shape.superName = superName;
            shape.interfaces = interfaces == null ? new String[0] : interfaces;
        }

        @Override
        public void visitNestHost(String nestHost) {
            shape.nestHost = nestHost;
        }

        @Override
        public void visitNestMember(String nestMember) {
            shape.nestMembers.add(nestMember);
        }

        @Override
        public void visitInnerClass(String name, String outerName, String innerName, int access) {
            shape.innerClasses.add(name);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodShape m = new MethodShape(shape.name, name, descriptor, access);
            shape.methods.add(m);
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String callee, String desc, boolean isInterface) {
                    boolean virtual = opcode == Opcodes.INVOKEVIRTUAL || opcode == Opcodes.INVOKEINTERFACE;
                    m.calls.add(new String[]{owner, callee, desc, virtual ? VIRTUAL : EXACT});
                }

                @Override
                public void visitInvokeDynamicInsn(String callee, String desc, Handle bootstrap, Object... args) {
                    for (Object a : args) {
                        if (a instanceof Handle) {
                            Handle h = (Handle) a;
                            boolean virtual = h.getTag() == Opcodes.H_INVOKEVIRTUAL || h.getTag() == Opcodes.H_INVOKEINTERFACE;
                            m.calls.add(new String[]{h.getOwner(), h.getName(), h.getDesc(), virtual ? VIRTUAL : EXACT});
                        }
                    }
                }

                @Override
                public void visitMaxs(int maxStack, int maxLocals) {
                    m.maxStack = maxStack;
                    m.maxLocals = maxLocals;
                }
            };
        }
    }
}
