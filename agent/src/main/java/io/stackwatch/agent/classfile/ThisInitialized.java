package io.stackwatch.agent.classfile;

import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.Opcodes;

import java.util.HashSet;
import java.util.Set;

/**
 * Finds, in a constructor's instructions as they are visited, the call that initializes {@code this}
 * (its {@code super(…)} or {@code this(…)}), after which counting code may start: before it, the
 * receiver is {@code uninitializedThis}, which no handler of the agent's may cover and no local of
 * the agent's may be live across.
 *
 * <p>Each {@code new} pushes an object whose own {@code <init>} comes later, nested calls last-in
 * first-out; the first {@code <init>} call with no {@code new} pending is the one on {@code this}.
 * The constructor is {@link #safe} only when the code before that call cannot reach past it other
 * than by falling through to it: every jump before it lands on a label already passed (a conditional
 * among the call's arguments), and no exception range starts before it. {@code super(…)} in two
 * branches, possible in bytecode though not in Java, is left uncounted.
 *
 * <p>One rule for both readers of constructors: {@link ShapeReader} (whether a constructor only
 * delegates with {@code this(…)}) and the agent's counting code (where its enter goes). The label
 * sets are made on first use: the shape reader, which sees every constructor of every class that
 * loads, never needs them.
 */
public final class ThisInitialized {

    private int pendingNews;
    private boolean found;
    private boolean unsafe;
    private Set<Label> passed;
    private Set<Label> jumpedTo;
    private Set<Label> rangeStarts;

    public void tryCatchBlock(Label start) {
        if (rangeStarts == null) {
            rangeStarts = new HashSet<>();
        }
        rangeStarts.add(start);
    }

    public void label(Label label) {
        if (!found) {
            if (passed == null) {
                passed = new HashSet<>();
            }
            passed.add(label);
            unsafe |= rangeStarts != null && rangeStarts.contains(label);
        }
    }

    public void jump(Label... targets) {
        if (!found) {
            if (jumpedTo == null) {
                jumpedTo = new HashSet<>();
            }
            for (Label t : targets) {
                jumpedTo.add(t);
            }
        }
    }

    public void typeInsn(int opcode) {
        if (!found && opcode == Opcodes.NEW) {
            pendingNews++;
        }
    }

    /** Whether this call is the one that initializes {@code this} (true once, at that call). */
    public boolean initializesThis(int opcode, String name) {
        if (found || opcode != Opcodes.INVOKESPECIAL || !name.equals("<init>")) {
            return false;
        }
        if (pendingNews > 0) {
            pendingNews--;
            return false;
        }
        found = true;
        unsafe |= jumpedTo != null && (passed == null || !passed.containsAll(jumpedTo));
        return true;
    }

    /** After the whole constructor: whether counting may start right after the call found. */
    public boolean safe() {
        return found && !unsafe;
    }
}
