package io.stackwatch.agent.classfile;

/** How a call reaches its target, from the instruction (or the method handle) that makes it. */
public enum CallKind {
    /** {@code invokestatic}: exactly the named method, or the one the named class inherits. */
    STATIC,
    /** {@code invokespecial}: constructors, private methods, {@code super.m()}: exactly the named method. */
    SPECIAL,
    /** {@code invokevirtual}: the named method or any override in a subclass. */
    VIRTUAL,
    /** {@code invokeinterface}: any implementation of the named interface method. */
    INTERFACE;

    /** Whether the target is chosen at run time from the receiver's class. */
    public boolean dispatched() {
        return this == VIRTUAL || this == INTERFACE;
    }
}
