package io.stackwatch.agent.instrument;

/**
 * Bytes of stack one frame of a method takes, from its bytecode. Deliberately the interpreter's
 * cost (the largest a frame of a small method gets: about 120 B against 16 B compiled, measured on
 * this kind of machine), so that estimated use runs ahead of real use and a warning comes early
 * rather than late. The foresight work replaces this with measured bytes.
 *
 * <p>A HotSpot x86_64 interpreter frame holds the locals (arguments included), the operand stack,
 * and a fixed block (return address, saved frame pointer, method, mirror, constant pool cache,
 * locals and bytecode pointers, sender SP, monitor block top...). The advice adds its own locals and
 * operand stack slots.
 */
public final class FrameCostEstimator {

    /** Bytes per local or operand stack slot. */
    static final int SLOT_BYTES = 8;
    /** The interpreter's fixed frame block. */
    static final int FIXED_BYTES = 96;
    /** Slots the inlined advice adds: the state, the thrown throwable, a two-slot return value, the new depth. */
    static final int ADVICE_SLOTS = 5;

    private FrameCostEstimator() {
    }

    /** Estimated bytes of one interpreted frame of a method with these maxima. */
    public static int interpretedFrameBytes(int maxLocals, int maxStack) {
        return uninstrumentedFrameBytes(maxLocals, maxStack) + SLOT_BYTES * ADVICE_SLOTS;
    }

    /** The same for a method without advice: an uncounted method of a cycle, between counted ones. */
    public static int uninstrumentedFrameBytes(int maxLocals, int maxStack) {
        return FIXED_BYTES + SLOT_BYTES * (maxLocals + maxStack);
    }
}
