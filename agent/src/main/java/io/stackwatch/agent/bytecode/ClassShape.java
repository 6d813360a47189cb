package io.stackwatch.agent.bytecode;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the planner and the static scan need to know of a class file, read without loading the
 * class: its place in a nest and hierarchy, and for each method its frame shape and the calls it
 * makes (lambda and method reference targets included, through their {@code invokedynamic}
 * bootstrap arguments).
 *
 * <p>{@link #read} is the agent's lean read (it runs while classes load). {@link #readDetailed} is
 * the scan's: it also records the line of every call, parameter names, and the counter facts
 * ({@link DepthFacts}) that the guard heuristic works on.
 *
 * <p>The fields are filled in by the reader and not changed afterwards.
 */
public final class ClassShape {

    // Access flags from the JVM specification, spelled out: inlined constants of ASM's Opcodes
    // would leave an unrelocated class reference in the shaded jar.
    public static final int ACC_STATIC = 0x0008;
    public static final int ACC_SYNCHRONIZED = 0x0020;
    public static final int ACC_BRIDGE = 0x0040;
    public static final int ACC_NATIVE = 0x0100;
    public static final int ACC_INTERFACE = 0x0200;
    public static final int ACC_ABSTRACT = 0x0400;

    /** A call dispatched over the hierarchy (invokevirtual, invokeinterface). */
    public static final String VIRTUAL = "virtual";
    /** A call to exactly the named method (invokestatic, invokespecial: super calls, constructors). */
    public static final String EXACT = "exact";

    public final String name;
    public int access;
    public String superName;
    public String[] interfaces = new String[0];
    public String nestHost;
    public final List<String> nestMembers = new ArrayList<>();
    public final List<String> innerClasses = new ArrayList<>();
    final List<MethodShape> methods = new ArrayList<>();

    private ClassShape(String name) {
        this.name = name;
    }

    /** One method: its frame shape and the methods it calls. */
    public static final class MethodShape {
        public final String owner;
        public final String name;
        public final String descriptor;
        public final int access;
        public int maxLocals;
        public int maxStack;
        /** Whether the method has a body (not abstract, not native). */
        public boolean hasCode;
        /** Calls as {owner, name, descriptor, kind}: {@link #VIRTUAL} or {@link #EXACT}. */
        public final List<String[]> calls = new ArrayList<>();
        /**
         * The calls (indexes into {@link #calls}) made inside a loop: between the target of a backward
         * jump and the jump. Such a call usually runs many times per call of this method.
         */
        public final java.util.BitSet callsInLoops = new java.util.BitSet();
        /**
         * Whether the code may leave a value of another type in an argument's slot (the receiver's
         * included): a reference stored there, a primitive stored over another kind, an {@code iinc} of a
         * slot that is not an int's. Legal, and common in optimised (ProGuard, R8) and generated code and
         * in the JDK's proxies; advice that assumes the argument slots keep their declared types at the
         * method's exits makes such a method fail verification.
         */
        public boolean mayRetypeArguments;
        /** Detailed reads only: the source line of each call (0 when unknown), parallel to {@link #calls}. */
        public int[] callLines;
        /** Detailed reads only: parameter names by local slot, where the class file has them. */
        public String[] parameterNames;
        /** Detailed reads only: how the method counts depth and what its calls pass on. */
        public DepthFacts depth;

        MethodShape(String owner, String name, String descriptor, int access) {
            this.owner = owner;
            this.name = name;
            this.descriptor = descriptor;
            this.access = access;
        }

        /** Concrete code we may put advice around: no abstract/native methods, constructors or bridges. */
        public boolean instrumentable() {
            return (access & (ACC_ABSTRACT | ACC_NATIVE | ACC_BRIDGE)) == 0
                    && !name.startsWith("<");
        }

        public boolean isStatic() {
            return (access & ACC_STATIC) != 0;
        }

        /** {@code owner.name+descriptor}, with the owner's internal name. */
        public String key() {
            return owner + "." + name + descriptor;
        }

        private int argumentSlots = -1;

        /** Local slots the arguments take, the receiver included. */
        public int argumentSlots() {
            if (argumentSlots < 0) {
                argumentSlots = Descriptors.argumentSlots(descriptor) + (isStatic() ? 0 : 1);
            }
            return argumentSlots;
        }
    }

    /** The agent's read: hierarchy, nest, frame shapes and calls. */
    public static ClassShape read(byte[] bytes) {
        return read(bytes, false);
    }

    /** The scan's read: also call lines, parameter names and {@link DepthFacts}. */
    public static ClassShape readDetailed(byte[] bytes) {
        return read(bytes, true);
    }

    private static ClassShape read(byte[] bytes, boolean detailed) {
        ClassReader reader = new ClassReader(bytes);
        ClassShape shape = new ClassShape(reader.getClassName());
        reader.accept(new ShapeVisitor(shape, detailed),
                detailed ? ClassReader.SKIP_FRAMES : ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return shape;
    }

    public List<MethodShape> methods() {
        return Collections.unmodifiableList(methods);
    }

    public boolean isInterface() {
        return (access & ACC_INTERFACE) != 0;
    }

    private static final class ShapeVisitor extends ClassVisitor {
        private final ClassShape shape;
        private final boolean detailed;

        ShapeVisitor(ClassShape shape, boolean detailed) {
            super(Opcodes.ASM9);
            this.shape = shape;
            this.detailed = detailed;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            shape.access = access;
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
            return new CallCollector(m, detailed);
        }
    }

    /** Records calls and frame shape; in detailed reads also lines, names and counter facts. */
    private static final class CallCollector extends MethodVisitor {
        private final MethodShape m;
        private final boolean detailed;
        private final DepthTracker tracker;
        private int line;
        private int[] lines;
        /** Order of labels, jumps and calls as visited: enough to tell whether a call lies inside a loop. */
        private int position;
        private int[] callPositions = new int[8];
        /** Loops as ranges of positions: the backward jump's target and the jump. */
        private long[] loops = new long[0];
        private int loopCount;

        CallCollector(MethodShape m, boolean detailed) {
            super(Opcodes.ASM9, detailed ? new DepthTracker(m) : null);
            this.m = m;
            this.detailed = detailed;
            this.tracker = detailed ? (DepthTracker) mv : null;
            this.lines = detailed ? new int[8] : null;
        }

        @Override
        public void visitCode() {
            m.hasCode = true;
            super.visitCode();
        }

        private void call(String owner, String callee, String desc, boolean virtual) {
            if (detailed) {
                int i = m.calls.size();
                if (i == lines.length) {
                    int[] grown = new int[i * 2];
                    System.arraycopy(lines, 0, grown, 0, i);
                    lines = grown;
                }
                lines[i] = line;
            }
            int i = m.calls.size();
            if (i == callPositions.length) {
                callPositions = java.util.Arrays.copyOf(callPositions, i * 2);
            }
            callPositions[i] = position++;
            m.calls.add(new String[]{owner, callee, desc, virtual ? VIRTUAL : EXACT});
        }

        @Override
        public void visitLabel(Label label) {
            // Label.info is ASM's slot for its users: these labels are fresh for this read.
            label.info = position++;
            super.visitLabel(label);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            if (label.info instanceof Integer) {
                // A jump back to a label already passed closes a loop around what lies between.
                if (loopCount == loops.length) {
                    loops = java.util.Arrays.copyOf(loops, Math.max(4, loopCount * 2));
                }
                loops[loopCount++] = ((long) (Integer) label.info << 32) | position;
            }
            position++;
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitLineNumber(int line, Label start) {
            this.line = line;
            super.visitLineNumber(line, start);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String callee, String desc, boolean isInterface) {
            // The tracker sees the call first: it notes the call's index before the call is added.
            super.visitMethodInsn(opcode, owner, callee, desc, isInterface);
            boolean virtual = opcode == Opcodes.INVOKEVIRTUAL || opcode == Opcodes.INVOKEINTERFACE;
            call(owner, callee, desc, virtual);
        }

        @Override
        public void visitInvokeDynamicInsn(String callee, String desc, Handle bootstrap, Object... args) {
            super.visitInvokeDynamicInsn(callee, desc, bootstrap, args);
            for (Object a : args) {
                if (a instanceof Handle) {
                    Handle h = (Handle) a;
                    if (detailed && h.getTag() < Opcodes.H_INVOKEVIRTUAL) {
                        continue; // a field handle (records' ObjectMethods), not a call
                    }
                    boolean virtual = h.getTag() == Opcodes.H_INVOKEVIRTUAL || h.getTag() == Opcodes.H_INVOKEINTERFACE;
                    call(h.getOwner(), h.getName(), h.getDesc(), virtual);
                }
            }
        }

        @Override
        public void visitVarInsn(int opcode, int slot) {
            if (opcode >= Opcodes.ISTORE && opcode <= Opcodes.ASTORE && slot < m.argumentSlots()
                    && !keepsType(opcode, slot)) {
                m.mayRetypeArguments = true;
            }
            super.visitVarInsn(opcode, slot);
        }

        @Override
        public void visitIincInsn(int slot, int increment) {
            if (slot < m.argumentSlots() && !keepsType(Opcodes.ISTORE, slot)) {
                m.mayRetypeArguments = true;
            }
            super.visitIincInsn(slot, increment);
        }

        /**
         * Whether a primitive store into argument slot {@code slot} keeps the slot's declared type. A
         * reference store may not (the stored type is unknown without a data-flow analysis): never trusted.
         */
        private boolean keepsType(int storeOpcode, int slot) {
            if (storeOpcode == Opcodes.ASTORE) {
                return false;
            }
            char declared = Descriptors.argumentTypeAt(m.descriptor, m.isStatic() ? slot : slot - 1);
            switch (storeOpcode) {
                case Opcodes.ISTORE: return declared == 'I' || declared == 'Z' || declared == 'B' || declared == 'C'
                        || declared == 'S';
                case Opcodes.LSTORE: return declared == 'J';
                case Opcodes.FSTORE: return declared == 'F';
                case Opcodes.DSTORE: return declared == 'D';
                default: return false;
            }
        }

        @Override
        public void visitLocalVariable(String name, String descriptor, String signature, Label start, Label end, int index) {
            if (detailed && index < m.argumentSlots()) {
                if (m.parameterNames == null) {
                    m.parameterNames = new String[m.argumentSlots()];
                }
                if (m.parameterNames[index] == null) {
                    m.parameterNames[index] = name;
                }
            }
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            m.maxStack = maxStack;
            m.maxLocals = maxLocals;
            super.visitMaxs(maxStack, maxLocals);
        }

        @Override
        public void visitEnd() {
            for (int c = 0; c < m.calls.size(); c++) {
                int at = callPositions[c];
                for (int l = 0; l < loopCount; l++) {
                    if (at > (int) (loops[l] >>> 32) && at < (int) loops[l]) {
                        m.callsInLoops.set(c);
                        break;
                    }
                }
            }
            if (detailed) {
                int[] exact = new int[m.calls.size()];
                System.arraycopy(lines, 0, exact, 0, exact.length);
                m.callLines = exact;
                m.depth = tracker.facts();
            }
            super.visitEnd();
        }
    }
}
