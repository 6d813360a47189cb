package io.stackwatch.agent.scan;

/**
 * What one method does with values that could count or bound call depth, read from its bytecode by
 * {@link DepthTracker}: integral parameters that are compared or passed on stepped by a constant,
 * integral fields that are incremented, decremented or compared (in code order), and the calls that
 * pass on part of a parameter (descent into a structure). The static scan's heuristics read these;
 * nothing here decides anything.
 */
final class DepthFacts {

    /** A method the guard analysis did not follow (read without it): no facts. */
    static final DepthFacts NONE = new DepthFacts();

    /** Field incremented by a constant ({@code depth++}, {@code depth += 1}). */
    public static final byte INCREMENT = 1;
    /** Field decremented by a constant. */
    public static final byte DECREMENT = 2;
    /** Field compared with something that is not a limit (zero, a call's result). */
    public static final byte COMPARE = 3;
    /** Field compared with a non-zero constant or a static field: a fixed limit. */
    public static final byte COMPARE_WITH_LIMIT = 4;
    /** Field compared with another instance field ({@link #eventOthers}): a limit, a length, or a high-water mark. */
    public static final byte COMPARE_WITH_FIELD = 5;
    /** Field's value stored into another field ({@link #eventOthers}): {@code deepest = depth}. */
    public static final byte COPY = 6;
    /**
     * Field set to a value computed elsewhere ({@code pos = start}, {@code ptr += len}): a read
     * position or a size, not a depth counter, which is only ever stepped (and reset to a constant).
     */
    public static final byte ASSIGNED = 7;

    /** Local slots (below 64) of integral parameters that a branch compares. */
    public long comparedParameters;
    /** Those compared with something other than zero: a constant, a field, a call's result. */
    public long limitComparedParameters;
    /** Local slots of integral parameters stepped by a constant ({@code iinc}, {@code depth + 1}). */
    public long steppedParameters;
    /** Indices into the method's calls of the calls that receive a stepped parameter as an argument. */
    public int[] carryingCalls = new int[0];
    /**
     * Indices of the calls that pass on a value read out of a reference parameter where the callee
     * expects that parameter's type: recursion down a structure in memory.
     */
    public int[] descendingCalls = new int[0];
    /**
     * Indices of the virtual and interface calls on another object than {@code this} that pass on
     * the method's own parameters, unchanged and in order ({@code wrapped.read(in, ctx)}): a wrapper
     * or a chain handing the call on, not a recursion over data.
     */
    public int[] forwardingCalls = new int[0];
    /** Indices of the calls that pass a constant or a field as an integral argument ({@code parse(x, 0)}). */
    public int[] constantArgumentCalls = new int[0];
    /** Field events in code order: the field ({@code owner.name}), the kind, and the number of calls before it. */
    public String[] eventFields = new String[0];
    public byte[] eventKinds = new byte[0];
    /** For {@link #COMPARE_WITH_FIELD} and {@link #COPY}: the other field; else null. */
    public String[] eventOthers = new String[0];
    public int[] eventPositions = new int[0];

    public int events() {
        return eventKinds.length;
    }

    public boolean carries(int callIndex) {
        for (int c : carryingCalls) {
            if (c == callIndex) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return comparedParameters == 0 && steppedParameters == 0 && carryingCalls.length == 0 && eventKinds.length == 0
                && descendingCalls.length == 0 && constantArgumentCalls.length == 0 && forwardingCalls.length == 0;
    }
}
