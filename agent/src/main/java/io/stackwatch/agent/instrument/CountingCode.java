package io.stackwatch.agent.instrument;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The counting code of one method, emitted into its bytecode: the enter (one static call to the
 * tracker, its state kept in a local), the exit before every return (plain field writes, and a
 * compare that sends the rare cold case to one shared block at the end of the method), and a
 * catch-all handler for the exit by exception. What the agent's advice was when it was Byte Buddy's,
 * written out in ASM so that the agent can put it into classes as they load with no code generator
 * of its own to start, and so that it never needs to copy or retype the method's arguments.
 *
 * <p>Hazards, each handled where it arises:
 * <ul>
 * <li>An exit near the end of the stack: the field writes that take the frame off the count need no
 * stack, so the count stays exact however the method ends; only the cold call may fail for want of
 * stack, and a handler around that one call drops its failure and lets the method's own outcome go
 * on unchanged.</li>
 * <li>An exit that never runs: a compiled frame the JVM must deoptimize on its way out (after some
 * class was retransformed) is skipped, handler and all, when the deoptimized frame does not fit in
 * what is left of the stack. So the exit does not decrement the depth but writes back the depth
 * its own enter saw, kept in a local: the next exit that does run makes good any skipped.</li>
 * <li>Exception tables are searched in order: the catch-all for the exit by exception is added last,
 * so the method's own handlers keep catching what they caught; the cold call sits outside every
 * range of the method's own, so none of them can see its failure.</li>
 * <li>Frames: everything this code adds declares the method's own locals unknown ({@code TOP}) and
 * only its state local typed, so no frame of the original code needs to be known here.</li>
 * </ul>
 */
final class CountingCode {

    private final int methodId;
    private final int frameBytes;
    private final int limitSlot;
    /** The state's local slot; every slot below it is the method's own. */
    private final int stateSlot;
    /** The depth the enter left (this frame included), in the slot after the state's. */
    private final int depthSlot;
    private final String returnType;
    private final boolean frames;
    /** The entry of a cycle with a depth parameter: its exit also clears the checkpoint depth. */
    private final boolean entry;

    private final Label exit = new Label();
    private boolean anyReturn;

    /**
     * @param stateSlot the first free local slot: the state goes there (and a long or double return
     *                  value on the cold exit in it and the next)
     * @param frames    whether the class file carries stack map frames (version 50 and later)
     */
    CountingCode(int methodId, int frameBytes, int limitSlot, int stateSlot, String returnType, boolean frames) {
        this(methodId, frameBytes, limitSlot, stateSlot, returnType, frames, false);
    }

    CountingCode(int methodId, int frameBytes, int limitSlot, int stateSlot, String returnType, boolean frames,
                 boolean entry) {
        this.entry = entry;
        this.depthSlot = stateSlot + 1;
        this.methodId = methodId;
        this.frameBytes = frameBytes;
        this.limitSlot = limitSlot;
        this.stateSlot = stateSlot;
        this.returnType = returnType;
        this.frames = frames;
    }

    /** Locals the counting adds to the frame: the state and the depth its enter left. */
    int addedLocals() {
        return 2;
    }

    /** Operand stack the counting needs at most, over the return value it keeps on the stack. */
    static int addedStack() {
        return 4;
    }

    /** The operand stack the counting needs on its own (the handler's, with the thrown on the stack). */
    static int ownStack() {
        return 5;
    }

    /** At the method's start: enter, keep the state and the depth it left. */
    void enter(MethodVisitor mv) {
        mv.visitLdcInsn(methodId);
        mv.visitLdcInsn(frameBytes);
        if (limitSlot >= 0) {
            mv.visitLdcInsn(limitSlot);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, FrameTypes.TRACKER, "enterLimited",
                    "(III)L" + FrameTypes.THREAD_STATE + ";", false);
        } else {
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, FrameTypes.TRACKER, "enter",
                    "(II)L" + FrameTypes.THREAD_STATE + ";", false);
        }
        // Never null (the tracker hands out a state of its own for frames it does not count): no
        // branch, so no frame of the method's own is needed here.
        mv.visitInsn(Opcodes.DUP);
        mv.visitVarInsn(Opcodes.ASTORE, stateSlot);
        mv.visitFieldInsn(Opcodes.GETFIELD, FrameTypes.THREAD_STATE, "depth", "I");
        mv.visitVarInsn(Opcodes.ISTORE, depthSlot);
    }

    /**
     * In place of a return instruction, with only the return value on the operand stack: on to the
     * shared exit after the method's own code. Nothing is declared here: this instruction may lie in
     * a range of the method's own exception handlers, whose frames want the method's locals as they
     * are, and the shared exit lies outside every such range.
     */
    void beforeReturn(MethodVisitor mv, int returnOpcode) {
        anyReturn = true;
        mv.visitJumpInsn(Opcodes.GOTO, exit);
    }

    /** The bytes and (for a limited method) the method's own depth off the count: field writes only. */
    private void decrement(MethodVisitor mv) {
        // [bytes - frame], then the state slipped under it: four slots at most, not five (every slot of
        // operand stack the counting adds is a slot in every interpreted frame of the method).
        mv.visitVarInsn(Opcodes.ALOAD, stateSlot);
        mv.visitFieldInsn(Opcodes.GETFIELD, FrameTypes.THREAD_STATE, "bytes", "J");
        mv.visitLdcInsn((long) frameBytes);
        mv.visitInsn(Opcodes.LSUB);
        mv.visitVarInsn(Opcodes.ALOAD, stateSlot);
        mv.visitInsn(Opcodes.DUP_X2);
        mv.visitInsn(Opcodes.POP);
        mv.visitFieldInsn(Opcodes.PUTFIELD, FrameTypes.THREAD_STATE, "bytes", "J");
        if (entry) {
            // The cycle below has returned: its depth is gone from the frames, and from what others see.
            mv.visitVarInsn(Opcodes.ALOAD, stateSlot);
            mv.visitInsn(Opcodes.ICONST_0);
            mv.visitFieldInsn(Opcodes.PUTFIELD, FrameTypes.THREAD_STATE, "checkpointDepth", "I");
        }
        if (limitSlot >= 0) {
            mv.visitVarInsn(Opcodes.ALOAD, stateSlot);
            mv.visitFieldInsn(Opcodes.GETFIELD, FrameTypes.THREAD_STATE, "methodDepth", "[I");
            mv.visitLdcInsn(limitSlot);
            mv.visitInsn(Opcodes.DUP2);
            mv.visitInsn(Opcodes.IALOAD);
            mv.visitInsn(Opcodes.ICONST_1);
            mv.visitInsn(Opcodes.ISUB);
            mv.visitInsn(Opcodes.IASTORE);
        }
    }

    /**
     * After the method's own code (whose instructions all lie before {@code codeEnd}): the shared cold
     * exit, and the catch-all handler for the exit by exception over {@code codeStart}..{@code codeEnd}.
     * Must come after every exception handler of the method's own has been visited.
     */
    void end(MethodVisitor mv, Label codeStart, Label codeEnd) {
        int returnOpcode = FrameTypes.returnOpcode(returnType);
        int valueSlots = FrameTypes.slots(returnType);
        if (anyReturn) {
            Label fast = new Label();
            Label callStart = new Label();
            Label callEnd = new Label();
            Label callFailed = new Label();
            mv.visitTryCatchBlock(callStart, callEnd, callFailed, "java/lang/Throwable");
            mv.visitLabel(exit);
            frame(mv, stateEntry(), Opcodes.INTEGER, valueEntry());
            decrement(mv);
            // The depth back to what it was before this frame's enter; it rides on the stack into the compare.
            mv.visitVarInsn(Opcodes.ALOAD, stateSlot);
            mv.visitVarInsn(Opcodes.ILOAD, depthSlot);
            mv.visitInsn(Opcodes.ICONST_1);
            mv.visitInsn(Opcodes.ISUB);
            mv.visitInsn(Opcodes.DUP_X1);
            mv.visitFieldInsn(Opcodes.PUTFIELD, FrameTypes.THREAD_STATE, "depth", "I");
            mv.visitVarInsn(Opcodes.ALOAD, stateSlot);
            mv.visitFieldInsn(Opcodes.GETFIELD, FrameTypes.THREAD_STATE, "exitDepthMark", "I");
            mv.visitJumpInsn(Opcodes.IF_ICMPGT, fast);
            // Cold: the return value waits in the state's slot while the state is handed to the tracker.
            mv.visitVarInsn(Opcodes.ALOAD, stateSlot);
            if (valueSlots == 1) {
                mv.visitInsn(Opcodes.SWAP);
            } else if (valueSlots == 2) {
                mv.visitInsn(Opcodes.DUP_X2);
                mv.visitInsn(Opcodes.POP);
            }
            if (valueSlots > 0) {
                mv.visitVarInsn(FrameTypes.store(returnType), stateSlot);
            }
            mv.visitInsn(Opcodes.ACONST_NULL);
            callExit(mv, callStart, callEnd);
            returnSaved(mv, returnOpcode, valueSlots);
            // The cold call ran out of stack (or failed): the method returns as it would have.
            mv.visitLabel(callFailed);
            if (valueSlots == 2) {
                frame(mv, FrameTypes.entry(returnType), null, "java/lang/Throwable");
            } else {
                frame(mv, valueSlots == 1 ? FrameTypes.entry(returnType) : stateEntry(), Opcodes.INTEGER, "java/lang/Throwable");
            }
            mv.visitInsn(Opcodes.POP);
            returnSaved(mv, returnOpcode, valueSlots);
            mv.visitLabel(fast);
            frame(mv, stateEntry(), Opcodes.INTEGER, valueEntry());
            mv.visitInsn(returnOpcode);
        }

        Label thrownHere = new Label();
        Label callStart = new Label();
        Label callEnd = new Label();
        Label callFailed = new Label();
        // Appended after the method's own handlers: they keep catching what they caught.
        mv.visitTryCatchBlock(codeStart, codeEnd, thrownHere, null);
        mv.visitTryCatchBlock(callStart, callEnd, callFailed, "java/lang/Throwable");
        mv.visitLabel(thrownHere);
        frame(mv, stateEntry(), Opcodes.INTEGER, "java/lang/Throwable");
        decrement(mv);
        mv.visitVarInsn(Opcodes.ALOAD, stateSlot);
        mv.visitVarInsn(Opcodes.ILOAD, depthSlot);
        mv.visitInsn(Opcodes.ICONST_1);
        mv.visitInsn(Opcodes.ISUB);
        mv.visitFieldInsn(Opcodes.PUTFIELD, FrameTypes.THREAD_STATE, "depth", "I");
        // [thrown] -> [state, thrown], the thrown kept in the state's slot for the rethrow.
        mv.visitVarInsn(Opcodes.ALOAD, stateSlot);
        mv.visitInsn(Opcodes.SWAP);
        mv.visitInsn(Opcodes.DUP_X1);
        mv.visitVarInsn(Opcodes.ASTORE, stateSlot);
        mv.visitInsn(Opcodes.SWAP);
        callExit(mv, callStart, callEnd);
        mv.visitVarInsn(Opcodes.ALOAD, stateSlot);
        mv.visitInsn(Opcodes.ATHROW);
        mv.visitLabel(callFailed);
        frame(mv, "java/lang/Throwable", Opcodes.INTEGER, "java/lang/Throwable");
        mv.visitInsn(Opcodes.POP);
        mv.visitVarInsn(Opcodes.ALOAD, stateSlot);
        mv.visitInsn(Opcodes.ATHROW);
    }

    private void returnSaved(MethodVisitor mv, int returnOpcode, int valueSlots) {
        if (valueSlots > 0) {
            mv.visitVarInsn(FrameTypes.load(returnType), stateSlot);
        }
        mv.visitInsn(returnOpcode);
    }

    private Object stateEntry() {
        return FrameTypes.THREAD_STATE;
    }

    private Object valueEntry() {
        return FrameTypes.slots(returnType) == 0 ? null : FrameTypes.entry(returnType);
    }

    /**
     * A frame with the method's own locals unknown, {@code stateSlotEntry} in the state's slot and
     * {@code depthSlotEntry} in the next (or nothing there when null: a long or double covers both),
     * and one value on the stack or none.
     */
    private void frame(MethodVisitor mv, Object stateSlotEntry, Object depthSlotEntry, Object stackTop) {
        if (!frames) {
            return;
        }
        Object[] own = FrameTypes.unknownThen(stateSlot, stateSlotEntry);
        Object[] locals = depthSlotEntry == null ? own : java.util.Arrays.copyOf(own, own.length + 1);
        if (depthSlotEntry != null) {
            locals[own.length] = depthSlotEntry;
        }
        mv.visitFrame(Opcodes.F_NEW, locals.length, locals, stackTop == null ? 0 : 1,
                stackTop == null ? new Object[0] : new Object[]{stackTop});
    }

    /** [state, thrown or null] -> []: the cold exit, between the labels of its own failure handler. */
    private void callExit(MethodVisitor mv, Label callStart, Label callEnd) {
        mv.visitLdcInsn(methodId);
        mv.visitLdcInsn(frameBytes);
        mv.visitLabel(callStart);
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, FrameTypes.TRACKER, "exit",
                "(L" + FrameTypes.THREAD_STATE + ";Ljava/lang/Throwable;II)V", false);
        mv.visitLabel(callEnd);
    }
}
