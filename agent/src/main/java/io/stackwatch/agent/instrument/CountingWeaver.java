package io.stackwatch.agent.instrument;

import io.stackwatch.agent.classfile.ThisInitialized;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import java.util.HashMap;
import java.util.Map;

/**
 * Puts {@link CountingCode} into the counted methods of a class file, and a fresh stack reading in
 * front of every call they make to a native method of an application class ({@link NativeCalls}).
 * Works on a class as it loads and on a loaded class being retransformed alike (it adds no member).
 *
 * <p>Two passes: the first reads each counted method's local count and checks that its returns leave
 * nothing under their value ({@link StackSizes}); the second writes. A method that fails the check
 * is left as it is and named in {@link Result#skipped}.
 */
final class CountingWeaver {

    /** Which methods are native, by owner: the calls to them get a reading in front. */
    interface NativeCalls {
        /** Whether {@code owner.name descriptor}, as seen from a class of {@code loader}, is native. */
        boolean isNative(ClassLoader loader, String owner, String name, String descriptor);
    }

    /** The rewritten class file, or null when nothing changed; and the methods left alone. */
    static final class Result {
        final byte[] bytes;
        final java.util.List<String> skipped;

        Result(byte[] bytes, java.util.List<String> skipped) {
            this.bytes = bytes;
            this.skipped = skipped;
        }
    }

    private CountingWeaver() {
    }

    /** Weaves the plans of {@code counted} (by {@code name+descriptor}) into {@code classfile}. */
    static Result weave(byte[] classfile, Map<String, MethodPlan> counted, NativeCalls natives) {
        return weave(classfile, counted, natives, null);
    }

    /** @param loader the class's loader, where the owners of the calls it makes are looked up */
    static Result weave(byte[] classfile, Map<String, MethodPlan> counted, NativeCalls natives, ClassLoader loader) {
        ClassReader reader = new ClassReader(classfile);
        Survey survey = new Survey(counted, new HashMap<String, Map<Integer, Integer>>());
        reader.accept(survey, ClassReader.SKIP_DEBUG | ClassReader.EXPAND_FRAMES);
        // A class file without stack map frames (before Java 6) may need a second look: the stack's size
        // at a loop's head is known from the jump back up to it, seen only later in the first pass.
        for (int pass = 2; pass <= 3 && survey.version < Opcodes.V1_6 && survey.someUnclean(); pass++) {
            Survey again = new Survey(counted, survey.learned);
            reader.accept(again, ClassReader.SKIP_DEBUG | ClassReader.EXPAND_FRAMES);
            boolean progress = !again.learned.equals(survey.learned);
            survey = again;
            if (!progress) {
                break;
            }
        }
        java.util.List<String> skipped = new java.util.ArrayList<>();
        Map<String, MethodPlan> weavable = new HashMap<>();
        for (Map.Entry<String, MethodPlan> e : counted.entrySet()) {
            Integer locals = survey.maxLocals.get(e.getKey());
            if (locals == null) {
                continue; // not in this class (any more), or abstract
            }
            if (!survey.clean.getOrDefault(e.getKey(), false)) {
                skipped.add(e.getKey());
                continue;
            }
            weavable.put(e.getKey(), e.getValue());
        }
        if (weavable.isEmpty()) {
            return new Result(null, skipped);
        }
        // Given the reader, the writer copies the methods left alone as they are, without decoding them.
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new Weaving(writer, weavable, survey.maxLocals, survey.version >= Opcodes.V1_6, natives, loader),
                ClassReader.EXPAND_FRAMES);
        return new Result(writer.toByteArray(), skipped);
    }

    /** The first pass: local counts, and whether each counted method's returns are clean. */
    private static final class Survey extends ClassVisitor {
        private final Map<String, MethodPlan> counted;
        private final Map<String, Map<Integer, Integer>> carried;
        final Map<String, Integer> maxLocals = new HashMap<>();
        final Map<String, Boolean> clean = new HashMap<>();
        /** Per method, the stack's size at its labels (by their order), for another pass. */
        final Map<String, Map<Integer, Integer>> learned = new HashMap<>();
        int version;

        Survey(Map<String, MethodPlan> counted, Map<String, Map<Integer, Integer>> carried) {
            super(Opcodes.ASM9);
            this.counted = counted;
            this.carried = carried;
        }

        boolean someUnclean() {
            return clean.containsValue(Boolean.FALSE);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            this.version = version & 0xFFFF;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            String key = name + descriptor;
            if (!counted.containsKey(key) || (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0
                    || name.equals("<clinit>")) {
                return null;
            }
            Map<Integer, Integer> before = carried.get(key);
            // A constructor is counted from the call that initializes this on: only where that call is
            // found and nothing before it reaches past it (see ThisInitialized).
            ThisInitialized start = name.equals("<init>") ? new ThisInitialized() : null;
            return new StackSizes(descriptor, before == null ? java.util.Collections.<Integer, Integer>emptyMap() : before) {
                private boolean subroutines;

                @Override
                public void visitTryCatchBlock(Label from, Label to, Label handler, String type) {
                    if (start != null) {
                        start.tryCatchBlock(from);
                    }
                    super.visitTryCatchBlock(from, to, handler, type);
                }

                @Override
                public void visitLabel(Label label) {
                    if (start != null) {
                        start.label(label);
                    }
                    super.visitLabel(label);
                }

                @Override
                public void visitJumpInsn(int opcode, Label label) {
                    subroutines |= opcode == Opcodes.JSR;
                    if (start != null) {
                        start.jump(label);
                    }
                    super.visitJumpInsn(opcode, label);
                }

                @Override
                public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
                    if (start != null) {
                        start.jump(dflt);
                        start.jump(labels);
                    }
                    super.visitTableSwitchInsn(min, max, dflt, labels);
                }

                @Override
                public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
                    if (start != null) {
                        start.jump(dflt);
                        start.jump(labels);
                    }
                    super.visitLookupSwitchInsn(dflt, keys, labels);
                }

                @Override
                public void visitTypeInsn(int opcode, String type) {
                    if (start != null) {
                        start.typeInsn(opcode);
                    }
                    super.visitTypeInsn(opcode, type);
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String callee, String desc, boolean isInterface) {
                    if (start != null) {
                        start.initializesThis(opcode, callee);
                    }
                    super.visitMethodInsn(opcode, owner, callee, desc, isInterface);
                }

                @Override
                public void visitMaxs(int maxStack, int locals) {
                    maxLocals.put(key, locals);
                }

                @Override
                public void visitEnd() {
                    clean.put(key, cleanReturns() && !subroutines && (start == null || start.safe()));
                    Survey.this.learned.put(key, learned());
                }
            };
        }
    }

    /** The second pass. */
    private static final class Weaving extends ClassVisitor {
        private final Map<String, MethodPlan> counted;
        private final Map<String, Integer> maxLocals;
        private final boolean frames;
        private final NativeCalls natives;
        private final ClassLoader loader;

        Weaving(ClassVisitor next, Map<String, MethodPlan> counted, Map<String, Integer> maxLocals, boolean frames,
                NativeCalls natives, ClassLoader loader) {
            super(Opcodes.ASM9, next);
            this.loader = loader;
            this.counted = counted;
            this.maxLocals = maxLocals;
            this.frames = frames;
            this.natives = natives;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
            MethodPlan plan = counted.get(name + descriptor);
            if (plan == null) {
                return mv;
            }
            int locals = maxLocals.get(name + descriptor);
            return new Counted(mv, plan, locals, FrameTypes.returnType(descriptor), frames, natives, loader,
                    name.equals("<init>") ? new ThisInitialized() : null);
        }
    }

    /**
     * One counted method: enter at the start (a constructor's right after its {@code super(…)} or
     * {@code this(…)} call), exit before each return and on the way out by exception.
     */
    private static final class Counted extends MethodVisitor {
        private final MethodPlan plan;
        private final int stateSlot;
        private final CountingCode counting;
        private final int returnOpcode;
        private final String returnType;
        private final NativeCalls natives;
        private final ClassLoader loader;
        private final Label codeStart = new Label();
        private final Label codeEnd = new Label();
        private boolean nativeCall;
        /** A constructor's: finds where this is initialized; null for a method. */
        private final ThisInitialized thisInitialized;
        private boolean entered;

        Counted(MethodVisitor mv, MethodPlan plan, int maxLocals, String returnType, boolean frames, NativeCalls natives,
                ClassLoader loader, ThisInitialized thisInitialized) {
            super(Opcodes.ASM9, mv);
            this.thisInitialized = thisInitialized;
            this.loader = loader;
            this.plan = plan;
            this.stateSlot = maxLocals;
            this.returnType = returnType;
            this.returnOpcode = FrameTypes.returnOpcode(returnType);
            this.counting = new CountingCode(plan.methodId, plan.frameBytes, plan.limitSlot, maxLocals, returnType, frames);
            this.natives = natives;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            if (thisInitialized == null) {
                enter();
            }
        }

        private void enter() {
            entered = true;
            counting.enter(mv);
            super.visitLabel(codeStart);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            if (thisInitialized != null) {
                thisInitialized.typeInsn(opcode);
            }
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
            if (!entered) {
                // Before a constructor's enter (a conditional among its super call's arguments): the
                // agent's locals are not set yet, and this is uninitialized; the frame as it was.
                super.visitFrame(type, numLocal, local, numStack, stack);
                return;
            }
            // The state's slot and the entry depth's come after every local of the method's own: add them to every frame.
            int slots = FrameTypes.slotsOf(local, numLocal);
            Object[] locals = new Object[numLocal + Math.max(0, stateSlot - slots) + 2];
            System.arraycopy(local, 0, locals, 0, numLocal);
            int out = numLocal;
            while (slots < stateSlot) {
                locals[out++] = Opcodes.TOP;
                slots++;
            }
            locals[out++] = FrameTypes.THREAD_STATE;
            locals[out++] = Opcodes.INTEGER;
            super.visitFrame(Opcodes.F_NEW, out, locals, numStack, stack);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                counting.beforeReturn(mv, opcode);
                return;
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            if (natives != null && opcode != Opcodes.INVOKEINTERFACE && natives.isNative(loader, owner, name, descriptor)) {
                // C frames run on this same stack, unseen: a fresh reading first (no operand, no result).
                super.visitLdcInsn(plan.methodId);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, FrameTypes.TRACKER, "beforeNative", "(I)V", false);
                nativeCall = true;
            }
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            if (thisInitialized != null && thisInitialized.initializesThis(opcode, name)) {
                enter();
            }
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitLabel(codeEnd);
            counting.end(mv, codeStart, codeEnd);
            int stack = Math.max(maxStack + (nativeCall ? 1 : 0),
                    Math.max(FrameTypes.slots(returnType) + CountingCode.addedStack(), CountingCode.ownStack()));
            if (thisInitialized != null) {
                // A constructor's enter runs where its own operands may still be on the stack.
                stack = Math.max(stack, maxStack + CountingCode.addedStack());
            }
            super.visitMaxs(stack, stateSlot + counting.addedLocals());
        }
    }
}
