package io.stackwatch.agent.instrument;

import net.bytebuddy.jar.asm.ConstantDynamic;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Follows the operand stack's size through a method to tell whether every return leaves nothing on
 * the stack below its value. Compilers never leave anything (javac, kotlinc, scalac); the JVM allows
 * it. The counting code before a return declares a frame with the return value alone on the stack,
 * so a method that returns over other values is left without it (the planner says so once).
 *
 * <p>Sizes only: a stack map frame gives the size where control flow joins, and code after an
 * unconditional jump is only reachable through such a frame. A class file older than Java 6 has no
 * frames: there the size at a label comes from the jumps and handlers that reach it, recorded as they
 * are seen. A label reached only by a jump further down (a loop's head after javac 1.4's
 * {@code goto} to the condition) is known only in a second pass, which takes the sizes the first one
 * recorded ({@link #learned()}). What stays unknown counts as not clean: the method is left alone.
 */
class StackSizes extends MethodVisitor {

    private final int returnSlots;
    private int size;
    private boolean known = true;
    private boolean clean = true;
    /** Sizes at labels by their order in the method, from an earlier pass (or empty). */
    private final java.util.Map<Integer, Integer> carried;
    /** Sizes at labels by their order in the method, seen in this pass. */
    private final java.util.Map<Integer, Integer> learned = new java.util.HashMap<>();
    /** Sizes recorded by jumps to labels not visited yet. */
    private final java.util.Map<Label, Integer> ahead = new java.util.IdentityHashMap<>();
    private final java.util.Map<Label, Integer> order = new java.util.IdentityHashMap<>();

    StackSizes(String descriptor) {
        this(descriptor, java.util.Collections.<Integer, Integer>emptyMap());
    }

    StackSizes(String descriptor, java.util.Map<Integer, Integer> carried) {
        super(Opcodes.ASM9);
        this.returnSlots = FrameTypes.slots(FrameTypes.returnType(descriptor));
        this.carried = carried;
    }

    /** The sizes at labels this pass found, for a second pass. */
    java.util.Map<Integer, Integer> learned() {
        return learned;
    }

    /** Control may go to {@code target} with {@code height} values on the stack. */
    private void reaches(Label target, int height) {
        Integer at = order.get(target);
        if (at != null) {
            learned.put(at, height);
        } else {
            ahead.put(target, height);
        }
    }

    @Override
    public void visitLabel(Label label) {
        int at = order.size();
        order.put(label, at);
        Integer h = ahead.remove(label);
        if (h == null) {
            h = carried.get(at);
        }
        if (h != null) {
            learned.put(at, h);
            if (!known) {
                size = h;
                known = true;
            }
        } else if (known) {
            learned.put(at, size);
        }
    }

    @Override
    public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
        reaches(handler, 1);
    }

    /** Whether every return instruction seen had only its value on the stack. */
    boolean cleanReturns() {
        return clean;
    }

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
        size = FrameTypes.slotsOf(stack, numStack);
        known = true;
    }

    private void change(int delta) {
        size += delta;
    }

    private void unknownAfter() {
        known = false;
    }

    @Override
    public void visitInsn(int opcode) {
        if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
            if (!known || size != returnSlots) {
                clean = false;
            }
            unknownAfter();
            return;
        }
        if (opcode == Opcodes.ATHROW) {
            unknownAfter();
            return;
        }
        change(INSN_DELTA[opcode]);
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        change(opcode == Opcodes.NEWARRAY ? 0 : 1);
    }

    @Override
    public void visitVarInsn(int opcode, int var) {
        switch (opcode) {
            case Opcodes.LLOAD:
            case Opcodes.DLOAD:
                change(2);
                break;
            case Opcodes.ILOAD:
            case Opcodes.FLOAD:
            case Opcodes.ALOAD:
                change(1);
                break;
            case Opcodes.LSTORE:
            case Opcodes.DSTORE:
                change(-2);
                break;
            case Opcodes.RET:
                unknownAfter();
                break;
            default:
                change(-1);
        }
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        change(opcode == Opcodes.NEW ? 1 : 0);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        int s = FrameTypes.slots(descriptor);
        switch (opcode) {
            case Opcodes.GETSTATIC:
                change(s);
                break;
            case Opcodes.PUTSTATIC:
                change(-s);
                break;
            case Opcodes.GETFIELD:
                change(s - 1);
                break;
            default:
                change(-s - 1);
        }
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        int argsAndReturn = Type.getArgumentsAndReturnSizes(descriptor);
        int args = argsAndReturn >> 2; // includes one for a receiver
        if (opcode == Opcodes.INVOKESTATIC) {
            args--;
        }
        change((argsAndReturn & 3) - args);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
        int argsAndReturn = Type.getArgumentsAndReturnSizes(descriptor);
        change((argsAndReturn & 3) - ((argsAndReturn >> 2) - 1));
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        switch (opcode) {
            case Opcodes.GOTO:
                if (known) {
                    reaches(label, size);
                }
                unknownAfter();
                return;
            case Opcodes.JSR:
                change(1);
                return;
            case Opcodes.IFNULL:
            case Opcodes.IFNONNULL:
                change(-1);
                break;
            default:
                change(opcode <= Opcodes.IFLE ? -1 : -2);
        }
        if (known) {
            reaches(label, size);
        }
    }

    @Override
    public void visitLdcInsn(Object value) {
        boolean wide = value instanceof Long || value instanceof Double
                || value instanceof ConstantDynamic && ((ConstantDynamic) value).getSize() == 2;
        change(wide ? 2 : 1);
    }

    @Override
    public void visitIincInsn(int var, int increment) {
        // no stack effect
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        switched(dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        switched(dflt, labels);
    }

    private void switched(Label dflt, Label[] labels) {
        change(-1);
        if (known) {
            reaches(dflt, size);
            for (Label l : labels) {
                reaches(l, size);
            }
        }
        unknownAfter();
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        change(1 - numDimensions);
    }

    /** Stack size change of each zero-operand instruction (returns and athrow are handled apart). */
    private static final int[] INSN_DELTA = new int[256];

    static {
        // nop, aconst_null, iconst_m1..iconst_5, lconst_0/1, fconst_0..2, dconst_0/1
        int[] consts = {0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 1, 1, 1, 2, 2};
        System.arraycopy(consts, 0, INSN_DELTA, 0, consts.length);
        // array loads: iaload laload faload daload aaload baload caload saload
        int[] loads = {-1, 0, -1, 0, -1, -1, -1, -1};
        System.arraycopy(loads, 0, INSN_DELTA, Opcodes.IALOAD, loads.length);
        // array stores: iastore lastore fastore dastore aastore bastore castore sastore
        int[] stores = {-3, -4, -3, -4, -3, -3, -3, -3};
        System.arraycopy(stores, 0, INSN_DELTA, Opcodes.IASTORE, stores.length);
        INSN_DELTA[Opcodes.POP] = -1;
        INSN_DELTA[Opcodes.POP2] = -2;
        INSN_DELTA[Opcodes.DUP] = 1;
        INSN_DELTA[Opcodes.DUP_X1] = 1;
        INSN_DELTA[Opcodes.DUP_X2] = 1;
        INSN_DELTA[Opcodes.DUP2] = 2;
        INSN_DELTA[Opcodes.DUP2_X1] = 2;
        INSN_DELTA[Opcodes.DUP2_X2] = 2;
        INSN_DELTA[Opcodes.SWAP] = 0;
        // iadd ladd fadd dadd isub lsub fsub dsub imul lmul fmul dmul idiv ldiv fdiv ddiv irem lrem frem drem
        for (int op = Opcodes.IADD; op <= Opcodes.DREM; op++) {
            int kind = (op - Opcodes.IADD) % 4; // i l f d
            INSN_DELTA[op] = kind == 1 || kind == 3 ? -2 : -1;
        }
        // ineg lneg fneg dneg
        for (int op = Opcodes.INEG; op <= Opcodes.DNEG; op++) {
            INSN_DELTA[op] = 0;
        }
        // ishl lshl ishr lshr iushr lushr: the shift count is an int
        for (int op = Opcodes.ISHL; op <= Opcodes.LUSHR; op++) {
            INSN_DELTA[op] = -1;
        }
        INSN_DELTA[Opcodes.IAND] = -1;
        INSN_DELTA[Opcodes.LAND] = -2;
        INSN_DELTA[Opcodes.IOR] = -1;
        INSN_DELTA[Opcodes.LOR] = -2;
        INSN_DELTA[Opcodes.IXOR] = -1;
        INSN_DELTA[Opcodes.LXOR] = -2;
        INSN_DELTA[Opcodes.I2L] = 1;
        INSN_DELTA[Opcodes.I2F] = 0;
        INSN_DELTA[Opcodes.I2D] = 1;
        INSN_DELTA[Opcodes.L2I] = -1;
        INSN_DELTA[Opcodes.L2F] = -1;
        INSN_DELTA[Opcodes.L2D] = 0;
        INSN_DELTA[Opcodes.F2I] = 0;
        INSN_DELTA[Opcodes.F2L] = 1;
        INSN_DELTA[Opcodes.F2D] = 1;
        INSN_DELTA[Opcodes.D2I] = -1;
        INSN_DELTA[Opcodes.D2L] = 0;
        INSN_DELTA[Opcodes.D2F] = -1;
        INSN_DELTA[Opcodes.I2B] = 0;
        INSN_DELTA[Opcodes.I2C] = 0;
        INSN_DELTA[Opcodes.I2S] = 0;
        INSN_DELTA[Opcodes.LCMP] = -3;
        INSN_DELTA[Opcodes.FCMPL] = -1;
        INSN_DELTA[Opcodes.FCMPG] = -1;
        INSN_DELTA[Opcodes.DCMPL] = -3;
        INSN_DELTA[Opcodes.DCMPG] = -3;
        INSN_DELTA[Opcodes.ARRAYLENGTH] = 0;
        INSN_DELTA[Opcodes.MONITORENTER] = -1;
        INSN_DELTA[Opcodes.MONITOREXIT] = -1;
    }
}
