package io.stackwatch.agent.classfile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One method of a {@link ClassShape}: its frame shape, the calls it makes, and the few facts about
 * its bytecode that decide how it may be instrumented. Filled in by {@link ShapeReader} and not
 * changed afterwards.
 */
public final class MethodShape {

    private final MethodRef ref;
    private final int access;
    int maxLocals;
    int maxStack;
    boolean hasCode;
    boolean writesParameters;
    boolean usesSubroutines;
    boolean twoSlotsAtLastArgument;
    /** A constructor that initializes this with {@code this(…)}: its work is the other constructor's. */
    boolean delegatingConstructor;
    final List<Call> calls = new ArrayList<>();
    /** Detailed reads only: parameter names by local slot, where the class file has them. */
    String[] parameterNames;
    private int argumentSlots = -1;

    MethodShape(MethodRef ref, int access) {
        this.ref = ref;
        this.access = access;
    }

    /**
     * A method known only by reference, without a class file behind it: no code, no calls. The scan
     * uses one to stand for every implementation a megamorphic call can reach (its target as named).
     */
    public static MethodShape reference(MethodRef ref, int access) {
        return new MethodShape(ref, access);
    }

    public MethodRef ref() {
        return ref;
    }

    /** The declaring class's internal name. */
    public String owner() {
        return ref.owner();
    }

    public String name() {
        return ref.name();
    }

    public String descriptor() {
        return ref.descriptor();
    }

    /** {@code owner.name+descriptor} (see {@link MethodRef#key()}). */
    public String key() {
        return ref.key();
    }

    public int access() {
        return access;
    }

    public int maxLocals() {
        return maxLocals;
    }

    public int maxStack() {
        return maxStack;
    }

    /** Whether the method has a body (not abstract, not native). */
    public boolean hasCode() {
        return hasCode;
    }

    public List<Call> calls() {
        return Collections.unmodifiableList(calls);
    }

    /**
     * Whether the code stores into (or increments) a local slot that holds an argument: legal, and
     * what optimisers and generators emit, but the slot's type may then differ from the parameter's.
     */
    public boolean writesParameters() {
        return writesParameters;
    }

    /** Whether the code uses {@code jsr}/{@code ret} (class files before version 50 may). */
    public boolean usesSubroutines() {
        return usesSubroutines;
    }

    /**
     * Whether a {@code long} or {@code double} is loaded or stored at the last argument slot, so that
     * it spills into the first slot after the arguments: a slot an added parameter would need.
     */
    public boolean twoSlotsAtLastArgument() {
        return twoSlotsAtLastArgument;
    }

    /** Detailed reads only: the parameter name of a local slot, or null. */
    public String parameterName(int slot) {
        return parameterNames != null && slot < parameterNames.length ? parameterNames[slot] : null;
    }

    public boolean isStatic() {
        return (access & Access.STATIC) != 0;
    }

    public boolean isSynchronized() {
        return (access & Access.SYNCHRONIZED) != 0;
    }

    public boolean isConstructor() {
        return "<init>".equals(ref.name());
    }

    /** Concrete code that can carry advice: no abstract or native methods, constructors, initializers or bridges. */
    public boolean instrumentable() {
        return hasCode && (access & (Access.ABSTRACT | Access.NATIVE | Access.BRIDGE)) == 0 && !ref.name().startsWith("<");
    }

    /**
     * Code counting code can go into: an {@link #instrumentable} method, or a constructor (counted from
     * its {@code super(…)} or {@code this(…)} call on: a constructor can recurse by {@code new} of its
     * own class, as a JSON array built from a collection that contains itself does).
     */
    public boolean countable() {
        // A delegating constructor's enter would come after this(…) has done all the work: the one
        // it delegates to, which the cycle runs through as well, is the one to count.
        return instrumentable()
                || isConstructor() && hasCode && !delegatingConstructor && (access & (Access.ABSTRACT | Access.NATIVE)) == 0;
    }

    /** Local slots the arguments take, the receiver included. */
    public int argumentSlots() {
        if (argumentSlots < 0) {
            argumentSlots = Descriptors.argumentSlots(ref.descriptor()) + (isStatic() ? 0 : 1);
        }
        return argumentSlots;
    }

    @Override
    public String toString() {
        return ref.key();
    }
}
