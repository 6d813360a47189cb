package io.stackwatch.agent.classfile;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import java.util.Arrays;

/**
 * Reads a {@link ClassShape} from a class file with ASM's visitor (the class is never loaded). The
 * agent's read is lean: no debug information, no frames, nothing kept per instruction. The scan's
 * detailed read also records call lines and parameter names, and lets the scan follow every
 * instruction of a method with a visitor of its own ({@link MethodAnalysis}).
 */
public final class ShapeReader {

    /** Which calls a lean read keeps, by the internal name of their owner. */
    public interface CallFilter {
        boolean keeps(String owner);
    }

    private static final CallFilter ALL_CALLS = new CallFilter() {
        @Override
        public boolean keeps(String owner) {
            return true;
        }
    };

    /** A visitor that sees each method's instructions before the shape records them (the scan's guard analysis). */
    public interface MethodAnalysis {
        /** The visitor for one method, or null; {@code m}'s calls grow as the method is read. */
        MethodVisitor visitor(MethodShape m);
    }

    private ShapeReader() {
    }

    /** The agent's read: hierarchy, nest, frame shapes, calls (without lines) and the instrumentation facts. */
    public static ClassShape read(byte[] bytes) {
        return read(bytes, false, null, ALL_CALLS);
    }

    /**
     * The agent's read, keeping only the calls {@code filter} keeps (calls into the JDK, most of any
     * class's calls, are then never made into objects while the application's classes load).
     */
    public static ClassShape read(byte[] bytes, CallFilter filter) {
        return read(bytes, false, null, filter);
    }

    /** The scan's read: also call lines and parameter names, with {@code analysis} following each method. */
    public static ClassShape readDetailed(byte[] bytes, MethodAnalysis analysis) {
        return read(bytes, true, analysis, ALL_CALLS);
    }

    private static ClassShape read(byte[] bytes, boolean detailed, MethodAnalysis analysis, CallFilter filter) {
        ClassReader reader = new ClassReader(bytes);
        ClassShape shape = new ClassShape(reader.getClassName());
        // A lean read skips debug attributes, MethodParameters among them (ASM counts it as debug
        // information): the constant pool names every attribute the class file has.
        shape.methodParameters = hasUtf8(reader, bytes, METHOD_PARAMETERS);
        reader.accept(new ShapeVisitor(shape, detailed, analysis, filter),
                detailed ? ClassReader.SKIP_FRAMES : ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return shape;
    }

    private static final byte[] METHOD_PARAMETERS = "MethodParameters".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Whether the constant pool holds this (ASCII) string as a {@code CONSTANT_Utf8}. */
    private static boolean hasUtf8(ClassReader reader, byte[] bytes, byte[] text) {
        for (int i = 1; i < reader.getItemCount(); i++) {
            int offset = reader.getItem(i);
            // An item's offset points just past its tag: 1 is CONSTANT_Utf8, then a two-byte length.
            if (offset <= 0 || bytes[offset - 1] != 1 || reader.readUnsignedShort(offset) != text.length) {
                continue;
            }
            boolean same = true;
            for (int k = 0; k < text.length && same; k++) {
                same = bytes[offset + 2 + k] == text[k];
            }
            if (same) {
                return true;
            }
        }
        return false;
    }

    private static final class ShapeVisitor extends ClassVisitor {
        private final ClassShape shape;
        private final boolean detailed;
        private final MethodAnalysis analysis;
        private final CallFilter filter;

        ShapeVisitor(ClassShape shape, boolean detailed, MethodAnalysis analysis, CallFilter filter) {
            super(Opcodes.ASM9);
            this.shape = shape;
            this.detailed = detailed;
            this.analysis = analysis;
            this.filter = filter;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            shape.version = version & 0xFFFF;
            shape.access = access;
            shape.superName = superName;
            shape.interfaces = interfaces == null || interfaces.length == 0 ? java.util.Collections.<String>emptyList()
                    : java.util.Collections.unmodifiableList(java.util.Arrays.asList(interfaces));
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
            MethodShape m = new MethodShape(new MethodRef(shape.name, name, descriptor), access);
            shape.methods.add(m);
            return new CallCollector(shape, m, detailed, analysis == null ? null : analysis.visitor(m), filter);
        }
    }

    /** Records calls, frame shape and the instrumentation facts; in detailed reads also lines and names. */
    private static final class CallCollector extends MethodVisitor {
        private final ClassShape shape;
        private final MethodShape m;
        private final boolean detailed;
        private final CallFilter filter;
        private int line;
        // Calls as read, turned into Call objects at the end, once it is known which lie in loops.
        private MethodRef[] targets = new MethodRef[8];
        private byte[] kinds = new byte[8];
        private boolean[] handles = new boolean[8];
        private int[] lines = new int[8];
        private int[] positions = new int[8];
        private int count;
        /** Order of labels, jumps and calls as visited: enough to tell whether a call lies inside a loop. */
        private int position;
        /** Loops as ranges of positions: the backward jump's target and the jump. */
        private long[] loops = new long[0];
        private int loopCount;
        /** A constructor's: finds its super(…) or this(…) call; null for a method. */
        private final ThisInitialized thisInitialized;

        CallCollector(ClassShape shape, MethodShape m, boolean detailed, MethodVisitor next, CallFilter filter) {
            super(Opcodes.ASM9, next);
            this.shape = shape;
            this.m = m;
            this.detailed = detailed;
            this.filter = filter;
            this.thisInitialized = m.isConstructor() ? new ThisInitialized() : null;
        }

        @Override
        public void visitParameter(String name, int access) {
            shape.methodParameters = true;
            super.visitParameter(name, access);
        }

        @Override
        public void visitCode() {
            m.hasCode = true;
            super.visitCode();
        }

        private void call(String owner, String name, String desc, CallKind kind, boolean viaHandle) {
            if (!filter.keeps(owner)) {
                return;
            }
            if (count == targets.length) {
                int n = count * 2;
                targets = Arrays.copyOf(targets, n);
                kinds = Arrays.copyOf(kinds, n);
                handles = Arrays.copyOf(handles, n);
                lines = Arrays.copyOf(lines, n);
                positions = Arrays.copyOf(positions, n);
            }
            targets[count] = new MethodRef(owner, name, desc);
            kinds[count] = (byte) kind.ordinal();
            handles[count] = viaHandle;
            lines[count] = line;
            positions[count] = position++;
            count++;
            // The analysis (the scan's guard tracker) reads the index of the next call from the shape:
            // keep the list as long as the calls read so far.
            m.calls.add(null);
        }

        @Override
        public void visitLabel(Label label) {
            // Label.info is ASM's slot for its users: these labels are fresh for this read.
            label.info = position++;
            super.visitLabel(label);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            if (opcode == Opcodes.JSR) {
                m.usesSubroutines = true;
            }
            if (label.info instanceof Integer) {
                // A jump back to a label already passed closes a loop around what lies between.
                if (loopCount == loops.length) {
                    loops = Arrays.copyOf(loops, Math.max(4, loopCount * 2));
                }
                loops[loopCount++] = ((long) (Integer) label.info << 32) | position;
            }
            position++;
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitVarInsn(int opcode, int slot) {
            if (opcode == Opcodes.RET) {
                m.usesSubroutines = true;
            } else if (opcode >= Opcodes.ISTORE && opcode <= Opcodes.ASTORE && slot < m.argumentSlots()) {
                m.writesParameters = true;
            }
            if (slot == m.argumentSlots() - 1 && (opcode == Opcodes.LLOAD || opcode == Opcodes.DLOAD
                    || opcode == Opcodes.LSTORE || opcode == Opcodes.DSTORE)) {
                m.twoSlotsAtLastArgument = true;
            }
            super.visitVarInsn(opcode, slot);
        }

        @Override
        public void visitIincInsn(int slot, int increment) {
            if (slot < m.argumentSlots()) {
                m.writesParameters = true;
            }
            super.visitIincInsn(slot, increment);
        }

        @Override
        public void visitLineNumber(int line, Label start) {
            this.line = line;
            super.visitLineNumber(line, start);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            if (thisInitialized != null) {
                thisInitialized.typeInsn(opcode);
            }
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String callee, String desc, boolean isInterface) {
            if (thisInitialized != null && thisInitialized.initializesThis(opcode, callee)) {
                m.delegatingConstructor = owner.equals(shape.name);
            }
            // The analysis sees the call first: it notes the call's index before the call is added.
            super.visitMethodInsn(opcode, owner, callee, desc, isInterface);
            call(owner, callee, desc, kindOf(opcode), false);
        }

        @Override
        public void visitInvokeDynamicInsn(String callee, String desc, Handle bootstrap, Object... args) {
            super.visitInvokeDynamicInsn(callee, desc, bootstrap, args);
            for (Object a : args) {
                if (a instanceof Handle) {
                    Handle h = (Handle) a;
                    if (h.getTag() < Opcodes.H_INVOKEVIRTUAL) {
                        continue; // a field handle (records' ObjectMethods), not a call
                    }
                    call(h.getOwner(), h.getName(), h.getDesc(), handleKind(h.getTag()), true);
                }
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
            super.visitLocalVariable(name, descriptor, signature, start, end, index);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            m.maxStack = maxStack;
            m.maxLocals = maxLocals;
            super.visitMaxs(maxStack, maxLocals);
        }

        @Override
        public void visitEnd() {
            CallKind[] all = CallKind.values();
            for (int c = 0; c < count; c++) {
                int at = positions[c];
                boolean inLoop = false;
                for (int l = 0; l < loopCount; l++) {
                    if (at > (int) (loops[l] >>> 32) && at < (int) loops[l]) {
                        inLoop = true;
                        break;
                    }
                }
                m.calls.set(c, new Call(targets[c], all[kinds[c]], handles[c], inLoop, detailed ? lines[c] : 0));
            }
            super.visitEnd();
        }

        private static CallKind kindOf(int opcode) {
            switch (opcode) {
                case Opcodes.INVOKESTATIC:
                    return CallKind.STATIC;
                case Opcodes.INVOKESPECIAL:
                    return CallKind.SPECIAL;
                case Opcodes.INVOKEINTERFACE:
                    return CallKind.INTERFACE;
                default:
                    return CallKind.VIRTUAL;
            }
        }

        private static CallKind handleKind(int tag) {
            switch (tag) {
                case Opcodes.H_INVOKESTATIC:
                    return CallKind.STATIC;
                case Opcodes.H_INVOKESPECIAL:
                case Opcodes.H_NEWINVOKESPECIAL:
                    return CallKind.SPECIAL;
                case Opcodes.H_INVOKEINTERFACE:
                    return CallKind.INTERFACE;
                default:
                    return CallKind.VIRTUAL;
            }
        }
    }
}
