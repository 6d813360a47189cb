package io.stackwatch.agent.classfile;

/**
 * Stack bytes of one frame of a method, from its bytecode: the one frame model of the project (the
 * agent's estimate, the cover's round bytes and the scan's predictions all use it).
 *
 * <p><b>Interpreted</b> (HotSpot x86_64): a fixed block of 88 bytes (return address, saved frame
 * pointer, method, mirror, constant pool cache, locals and bytecode pointers, sender SP...), the
 * locals that are not arguments (the arguments live in the caller's operand stack), the operand
 * stack at its maximum, and a 16-byte monitor slot for a synchronized method. Measured on JDK 17
 * with {@code -Xint} for three shapes of method: 96.6, 112.8 and 177.1 bytes per frame against 104,
 * 112 and 184 estimated; the estimate is a little above, as it counts the operand stack at its
 * maximum.
 *
 * <p><b>Compiled</b> (C2): the return address and saved frame pointer plus a spill slot per
 * non-argument local (at most 16), rounded up to 16 bytes. Compiled frames depend on register
 * allocation and inlining; this is an order of magnitude, measured at 16, 32 and 48 bytes for the
 * same three methods against 16, 48 and 32 estimated. C1's frames are larger (40 bytes where C2's
 * are 16): code that stays in C1 overflows between the two estimates.
 *
 * <p><b>Counted</b>: a method with the agent's counting advice carries what the advice adds to the
 * interpreted frame ({@link #ADVICE_SLOTS}). The agent charges the interpreted size, the largest a
 * small method's frame gets, so that its estimate runs ahead of real use where it cannot read the
 * stack pointer.
 *
 * <p>{@code ScanCliIT} checks the first two against real overflows of a self-recursive method and a
 * two-method cycle: the interpreted estimate within 20% (always a little early), the compiled one
 * within a factor of 1.5.
 */
public final class FrameCost {

    public static final int INTERPRETER_FIXED_BYTES = 88;
    public static final int SLOT_BYTES = 8;
    public static final int MONITOR_BYTES = 16;
    public static final int COMPILED_FIXED_BYTES = 16;
    public static final int COMPILED_MAX_SPILLS = 16;
    /**
     * Slots the counting advice adds to a frame: the tracker's state, the thrown throwable, a two-slot
     * return value, the new depth.
     */
    public static final int ADVICE_SLOTS = 5;

    private FrameCost() {
    }

    /** One interpreted frame of {@code m} as the program runs without the agent. */
    public static int interpreted(MethodShape m) {
        int ownLocals = Math.max(0, m.maxLocals() - m.argumentSlots());
        return INTERPRETER_FIXED_BYTES + SLOT_BYTES * (ownLocals + m.maxStack()) + monitor(m);
    }

    /** One C2-compiled frame of {@code m}, an order of magnitude. */
    public static int compiled(MethodShape m) {
        int spills = Math.min(COMPILED_MAX_SPILLS, Math.max(0, m.maxLocals() - m.argumentSlots()));
        int bytes = COMPILED_FIXED_BYTES + SLOT_BYTES * spills + monitor(m);
        return (bytes + 15) & ~15;
    }

    /** One interpreted frame of {@code m} with the counting advice in it. */
    public static int counted(MethodShape m) {
        return interpreted(m) + SLOT_BYTES * ADVICE_SLOTS;
    }

    private static int monitor(MethodShape m) {
        return m.isSynchronized() ? MONITOR_BYTES : 0;
    }
}
