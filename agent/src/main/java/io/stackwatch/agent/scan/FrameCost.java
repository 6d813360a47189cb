package io.stackwatch.agent.scan;

import io.stackwatch.agent.bytecode.ClassShape;

/**
 * Stack bytes of one frame of a method, from its bytecode, as the program runs without the agent.
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
 * <p>{@code ScanCliIT} checks both against real overflows of a self-recursive method and a
 * two-method cycle: the interpreted estimate within 20% (always a little early), the compiled one
 * within a factor of 1.5.
 */
final class FrameCost {

    static final int INTERPRETER_FIXED_BYTES = 88;
    static final int SLOT_BYTES = 8;
    static final int MONITOR_BYTES = 16;
    static final int COMPILED_FIXED_BYTES = 16;
    static final int COMPILED_MAX_SPILLS = 16;

    private FrameCost() {
    }

    static int interpreted(ClassShape.MethodShape m) {
        int ownLocals = Math.max(0, m.maxLocals - m.argumentSlots());
        return INTERPRETER_FIXED_BYTES + SLOT_BYTES * (ownLocals + m.maxStack) + monitor(m);
    }

    static int compiled(ClassShape.MethodShape m) {
        int spills = Math.min(COMPILED_MAX_SPILLS, Math.max(0, m.maxLocals - m.argumentSlots()));
        int bytes = COMPILED_FIXED_BYTES + SLOT_BYTES * spills + monitor(m);
        return (bytes + 15) & ~15;
    }

    private static int monitor(ClassShape.MethodShape m) {
        return (m.access & ClassShape.ACC_SYNCHRONIZED) != 0 ? MONITOR_BYTES : 0;
    }
}
