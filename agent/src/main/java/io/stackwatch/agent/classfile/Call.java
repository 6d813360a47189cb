package io.stackwatch.agent.classfile;

/**
 * One call a method makes: its target, how it is dispatched, and where it sits. A lambda or method
 * reference ({@code invokedynamic} whose bootstrap arguments name a method) counts as a call of the
 * method it names, made where the lambda is created ({@link #viaHandle()}): the call graph then sees
 * {@code walk → lambda$walk$0 → walk} as the cycle it usually is.
 */
public final class Call {

    private final MethodRef target;
    private final CallKind kind;
    private final boolean viaHandle;
    private final boolean inLoop;
    private final int line;

    public Call(MethodRef target, CallKind kind, boolean viaHandle, boolean inLoop, int line) {
        this.target = target;
        this.kind = kind;
        this.viaHandle = viaHandle;
        this.inLoop = inLoop;
        this.line = line;
    }

    public MethodRef target() {
        return target;
    }

    public CallKind kind() {
        return kind;
    }

    /** Whether the call is dispatched over the hierarchy (virtual or interface). */
    public boolean dispatched() {
        return kind.dispatched();
    }

    /** A lambda or method reference created here rather than a call instruction. */
    public boolean viaHandle() {
        return viaHandle;
    }

    /**
     * Whether the call lies inside a loop (between the target of a backward jump and the jump): it
     * usually runs many times per call of its method.
     */
    public boolean inLoop() {
        return inLoop;
    }

    /** The source line, 0 when unknown (the agent's lean read skips line numbers). */
    public int line() {
        return line;
    }

    @Override
    public String toString() {
        return kind + " " + target;
    }
}
