package io.stackwatch.agent.instrument;

import io.stackwatch.agent.classfile.CallKind;
import io.stackwatch.agent.classfile.ClassShape;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.Attribute;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.TypePath;

import java.util.List;
import java.util.Map;

/**
 * The article's {@code safeDFS}, compiled into the bytecode: each method of a cycle of closed calls
 * ({@link ClosedCalls}) becomes two. The overload, private and synthetic, with the same name and one
 * {@code int} parameter more, holds the original code; every closed call of the cycle in it passes
 * the depth on to the callee's overload. The method itself keeps its name, descriptor, modifiers and
 * annotations and becomes the entry: it is counted like any counted method, reads the thread's depth
 * once and calls the overload.
 *
 * <p>In the overload the hot check is an increment and {@code Tracker.look}, which C2 inlines to a
 * mask test (its branch profile warmed both ways at start-up): every {@code mask + 1} levels it calls
 * {@code Tracker.checkpoint}, which returns at once when the thread is far from its marks and
 * otherwise reads the stack and warns, stops the call, grows the Go model. The depth lives in the
 * frame: an exception or an overflow needs no bookkeeping on the way back, so nothing can drift, and
 * a parameter rides in a register where a counter kept across the call would need a spill slot.
 *
 * <p>Hazards, each handled here:
 * <ul>
 * <li>The new parameter takes the slot after the arguments: every local above it moves up one
 * (instructions, the local variable table, every stack map frame).</li>
 * <li>An overflow that unwinds through the overload is reported by a handler that rethrows the very
 * same error: the error is kept in the depth's slot (dead by then) while the handler calls the
 * tracker, and a failure of that call (no stack left) is dropped.</li>
 * <li>The handler comes last in the exception table, so the method's own handlers catch what they
 * caught; the overload keeps {@code synchronized} and {@code strictfp}, so a recursive call on
 * another object still takes that object's monitor; the entry keeps every modifier, so the class's
 * default serial version does not change (private methods are not part of it).</li>
 * <li>The entry is one frame more at the cycle's start (stack traces show the method's name twice
 * there, the entry without a line of its own but the method's first).</li>
 * </ul>
 */
final class DepthParameter extends ClassVisitor {

    private final ClassShape shape;
    private final Map<String, DepthPlan> members;
    private final boolean frames;
    private final CountingWeaver.NativeCalls natives;
    private final ClassLoader loader;

    /**
     * @param members the cycle's methods by {@code name+descriptor}, with their plans
     */
    DepthParameter(ClassVisitor next, ClassShape shape, Map<String, DepthPlan> members) {
        this(next, shape, members, null, null);
    }

    /** @param natives where to look up native callees (a reading goes in front of each call), or null */
    DepthParameter(ClassVisitor next, ClassShape shape, Map<String, DepthPlan> members, CountingWeaver.NativeCalls natives,
                   ClassLoader loader) {
        super(Opcodes.ASM9, next);
        this.shape = shape;
        this.members = members;
        this.frames = shape.version() >= Opcodes.V1_6;
        this.natives = natives;
        this.loader = loader;
    }

    @Override
    public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
        DepthPlan plan = members.get(name + descriptor);
        if (plan == null) {
            return super.visitMethod(access, name, descriptor, signature, exceptions);
        }
        MethodVisitor entry = super.visitMethod(access, name, descriptor, signature, exceptions);
        int overloadAccess = (access & (Opcodes.ACC_STATIC | Opcodes.ACC_SYNCHRONIZED | Opcodes.ACC_STRICT))
                | Opcodes.ACC_PRIVATE | Opcodes.ACC_SYNTHETIC;
        MethodVisitor overload = super.visitMethod(overloadAccess, name, ClosedCalls.withDepth(descriptor), null, exceptions);
        boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
        Overload body = new Overload(overload, plan, name, descriptor, isStatic);
        return new Split(entry, body, plan, name, descriptor, isStatic);
    }

    /** Where the overload is called with invokespecial, on an interface or a class. */
    private boolean ownerIsInterface() {
        return shape.isInterface();
    }

    // ------------------------------------------------------------------ the entry

    /**
     * Sends what describes the method (annotations, parameters, attributes) to the entry and its code
     * to the overload; at the end writes the entry's code.
     */
    private final class Split extends MethodVisitor {
        private final MethodVisitor entry;
        private final Overload body;
        private final DepthPlan plan;
        private final String name;
        private final String descriptor;
        private final boolean isStatic;

        Split(MethodVisitor entry, Overload body, DepthPlan plan, String name, String descriptor, boolean isStatic) {
            super(Opcodes.ASM9, body);
            this.entry = entry;
            this.body = body;
            this.plan = plan;
            this.name = name;
            this.descriptor = descriptor;
            this.isStatic = isStatic;
        }

        @Override
        public void visitParameter(String parameterName, int access) {
            entry.visitParameter(parameterName, access);
        }

        @Override
        public AnnotationVisitor visitAnnotationDefault() {
            return entry.visitAnnotationDefault();
        }

        @Override
        public AnnotationVisitor visitAnnotation(String desc, boolean visible) {
            return entry.visitAnnotation(desc, visible);
        }

        @Override
        public AnnotationVisitor visitTypeAnnotation(int typeRef, TypePath typePath, String desc, boolean visible) {
            return entry.visitTypeAnnotation(typeRef, typePath, desc, visible);
        }

        @Override
        public void visitAnnotableParameterCount(int parameterCount, boolean visible) {
            entry.visitAnnotableParameterCount(parameterCount, visible);
        }

        @Override
        public AnnotationVisitor visitParameterAnnotation(int parameter, String desc, boolean visible) {
            return entry.visitParameterAnnotation(parameter, desc, visible);
        }

        @Override
        public void visitAttribute(Attribute attribute) {
            entry.visitAttribute(attribute);
        }

        @Override
        public void visitEnd() {
            writeEntry();
            entry.visitEnd();
            super.visitEnd();
        }

        private void writeEntry() {
            List<String> arguments = FrameTypes.arguments(descriptor);
            String returnType = FrameTypes.returnType(descriptor);
            int argumentSlots = isStatic ? 0 : 1;
            for (String a : arguments) {
                argumentSlots += FrameTypes.slots(a);
            }
            CountingCode counting = new CountingCode(plan.methodId, plan.entryBytes, -1, argumentSlots, returnType, frames, true);
            Label start = new Label();
            Label end = new Label();
            entry.visitCode();
            if (body.firstLine > 0) {
                Label line = new Label();
                entry.visitLabel(line);
                entry.visitLineNumber(body.firstLine, line);
            }
            counting.enter(entry);
            entry.visitLabel(start);
            int slot = 0;
            if (!isStatic) {
                entry.visitVarInsn(Opcodes.ALOAD, 0);
                slot = 1;
            }
            for (String a : arguments) {
                entry.visitVarInsn(FrameTypes.load(a), slot);
                slot += FrameTypes.slots(a);
            }
            // The depth the entry's enter left: the cycle counts on from there.
            entry.visitVarInsn(Opcodes.ILOAD, argumentSlots + 1);
            entry.visitMethodInsn(isStatic ? Opcodes.INVOKESTATIC : Opcodes.INVOKESPECIAL, shape.name(), name,
                    ClosedCalls.withDepth(descriptor), ownerIsInterface());
            counting.beforeReturn(entry, FrameTypes.returnOpcode(returnType));
            entry.visitLabel(end);
            counting.end(entry, start, end);
            int stack = Math.max(argumentSlots + 1, Math.max(FrameTypes.slots(returnType) + CountingCode.addedStack(),
                    CountingCode.ownStack()));
            entry.visitMaxs(stack, argumentSlots + counting.addedLocals());
        }
    }

    // ------------------------------------------------------------------ the overload

    /** The original code with the depth parameter: locals moved up, closed calls passing the depth on. */
    private final class Overload extends MethodVisitor {
        private final DepthPlan plan;
        private final String descriptor;
        private final boolean isStatic;
        /** The depth's slot: the first after the arguments. */
        private final int depthSlot;
        private final Label codeStart = new Label();
        private final Label codeEnd = new Label();
        private boolean framePending;
        int firstLine;

        Overload(MethodVisitor overload, DepthPlan plan, String name, String descriptor, boolean isStatic) {
            super(Opcodes.ASM9, overload);
            this.plan = plan;
            this.descriptor = descriptor;
            this.isStatic = isStatic;
            int slots = isStatic ? 0 : 1;
            for (String a : FrameTypes.arguments(descriptor)) {
                slots += FrameTypes.slots(a);
            }
            this.depthSlot = slots;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            // The hot check: one level deeper, and Tracker.look, which C2 inlines to a mask test and
            // a call every (mask + 1) levels. The test is there, not here, for its shared and warmed
            // branch profile (see Tracker.look: here it became an uncommon trap).
            super.visitIincInsn(depthSlot, 1);
            super.visitVarInsn(Opcodes.ILOAD, depthSlot);
            super.visitLdcInsn(plan.mask);
            super.visitLdcInsn(plan.methodId);
            super.visitLdcInsn(plan.roundBytes);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, FrameTypes.TRACKER, "look", "(IIII)V", false);
            super.visitLabel(codeStart);
            // The original code may open with a frame of its own (a loop at its start): then that one.
            framePending = frames;
        }

        /** The frame where the original code starts: the arguments and the depth. */
        private void flushFrame() {
            if (!framePending) {
                return;
            }
            framePending = false;
            List<String> arguments = FrameTypes.arguments(descriptor);
            Object[] locals = new Object[arguments.size() + (isStatic ? 1 : 2)];
            int i = 0;
            if (!isStatic) {
                locals[i++] = shape.name();
            }
            for (String a : arguments) {
                locals[i++] = FrameTypes.entry(a);
            }
            locals[i] = Opcodes.INTEGER;
            super.visitFrame(Opcodes.F_NEW, locals.length, locals, 0, new Object[0]);
        }

        private int moved(int slot) {
            return slot >= depthSlot ? slot + 1 : slot;
        }

        @Override
        public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
            framePending = false;
            Object[] locals = new Object[Math.max(numLocal, 0) + depthSlot + 1];
            int out = 0;
            int slots = 0;
            int i = 0;
            while (i < numLocal && slots < depthSlot) {
                Object e = local[i++];
                locals[out++] = e;
                slots += e == Opcodes.LONG || e == Opcodes.DOUBLE ? 2 : 1;
            }
            if (slots > depthSlot) {
                // Excluded when planned (ClosedCalls.canTakeParameter): a two-slot value across the boundary.
                throw new IllegalStateException("a long or double spans the last argument slot");
            }
            while (slots < depthSlot) {
                locals[out++] = Opcodes.TOP;
                slots++;
            }
            locals[out++] = Opcodes.INTEGER;
            while (i < numLocal) {
                locals[out++] = local[i++];
            }
            super.visitFrame(Opcodes.F_NEW, out, locals, numStack, stack);
        }

        @Override
        public void visitLineNumber(int line, Label start) {
            if (firstLine == 0 || line < firstLine) {
                firstLine = line;
            }
            super.visitLineNumber(line, start);
        }

        @Override
        public void visitInsn(int opcode) {
            flushFrame();
            super.visitInsn(opcode);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            flushFrame();
            super.visitIntInsn(opcode, operand);
        }

        @Override
        public void visitVarInsn(int opcode, int var) {
            flushFrame();
            super.visitVarInsn(opcode, moved(var));
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            flushFrame();
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String desc) {
            flushFrame();
            super.visitFieldInsn(opcode, owner, name, desc);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean isInterface) {
            flushFrame();
            CallKind kind = opcode == Opcodes.INVOKESTATIC ? CallKind.STATIC : opcode == Opcodes.INVOKESPECIAL ? CallKind.SPECIAL
                    : opcode == Opcodes.INVOKEINTERFACE ? CallKind.INTERFACE : CallKind.VIRTUAL;
            if (members.containsKey(name + desc) && ClosedCalls.closed(shape, kind, owner, name, desc)) {
                // A call of the cycle: straight to the callee's overload, the depth passed on.
                super.visitVarInsn(Opcodes.ILOAD, depthSlot);
                super.visitMethodInsn(kind == CallKind.STATIC ? Opcodes.INVOKESTATIC : Opcodes.INVOKESPECIAL, owner, name,
                        ClosedCalls.withDepth(desc), ownerIsInterface());
                return;
            }
            if (natives != null && opcode != Opcodes.INVOKEINTERFACE && natives.isNative(loader, owner, name, desc)) {
                // C frames run on this same stack, unseen: a fresh reading first (no operand, no result).
                super.visitLdcInsn(plan.methodId);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, FrameTypes.TRACKER, "beforeNative", "(I)V", false);
            }
            super.visitMethodInsn(opcode, owner, name, desc, isInterface);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String desc, Handle bootstrap, Object... arguments) {
            flushFrame();
            super.visitInvokeDynamicInsn(name, desc, bootstrap, arguments);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            flushFrame();
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitLdcInsn(Object value) {
            flushFrame();
            super.visitLdcInsn(value);
        }

        @Override
        public void visitIincInsn(int var, int increment) {
            flushFrame();
            super.visitIincInsn(moved(var), increment);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            flushFrame();
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            flushFrame();
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }

        @Override
        public void visitMultiANewArrayInsn(String desc, int numDimensions) {
            flushFrame();
            super.visitMultiANewArrayInsn(desc, numDimensions);
        }

        @Override
        public void visitLocalVariable(String name, String desc, String signature, Label start, Label end, int index) {
            super.visitLocalVariable(name, desc, signature, start, end, moved(index));
        }

        @Override
        public AnnotationVisitor visitLocalVariableAnnotation(int typeRef, TypePath typePath, Label[] start, Label[] end,
                                                              int[] index, String desc, boolean visible) {
            int[] movedIndex = new int[index.length];
            for (int i = 0; i < index.length; i++) {
                movedIndex[i] = moved(index[i]);
            }
            return super.visitLocalVariableAnnotation(typeRef, typePath, start, end, movedIndex, desc, visible);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            flushFrame();
            super.visitLabel(codeEnd);
            Label unwinding = new Label();
            Label callStart = new Label();
            Label callEnd = new Label();
            Label callFailed = new Label();
            // After the method's own handlers: they keep catching what they caught.
            super.visitTryCatchBlock(codeStart, codeEnd, unwinding, "java/lang/StackOverflowError");
            super.visitTryCatchBlock(callStart, callEnd, callFailed, "java/lang/Throwable");
            super.visitLabel(unwinding);
            if (frames) {
                Object[] locals = FrameTypes.unknownThen(depthSlot, Opcodes.INTEGER);
                super.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[]{"java/lang/StackOverflowError"});
            }
            // [error] -> [error, depth], the error kept in the depth's slot for the rethrow.
            super.visitVarInsn(Opcodes.ILOAD, depthSlot);
            super.visitInsn(Opcodes.SWAP);
            super.visitInsn(Opcodes.DUP_X1);
            super.visitVarInsn(Opcodes.ASTORE, depthSlot);
            super.visitLdcInsn(plan.methodId);
            super.visitLdcInsn(plan.roundBytes);
            super.visitLabel(callStart);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, FrameTypes.TRACKER, "unwinding", "(Ljava/lang/Throwable;III)V", false);
            super.visitLabel(callEnd);
            super.visitVarInsn(Opcodes.ALOAD, depthSlot);
            super.visitInsn(Opcodes.ATHROW);
            super.visitLabel(callFailed);
            if (frames) {
                Object[] locals = FrameTypes.unknownThen(depthSlot, "java/lang/StackOverflowError");
                super.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[]{"java/lang/Throwable"});
            }
            super.visitInsn(Opcodes.POP);
            super.visitVarInsn(Opcodes.ALOAD, depthSlot);
            super.visitInsn(Opcodes.ATHROW);
            // One more for the depth on top of a call's arguments; four for the handler's call.
            super.visitMaxs(Math.max(maxStack + 1, 4), maxLocals + 1);
        }
    }
}
