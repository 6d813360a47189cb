package io.stackwatch.agent.classfile;

/**
 * Access flags from the JVM specification, spelled out: inlined constants of ASM's {@code Opcodes}
 * would leave an unrelocated class reference in the shaded jar.
 */
public final class Access {

    public static final int PUBLIC = 0x0001;
    public static final int PRIVATE = 0x0002;
    public static final int PROTECTED = 0x0004;
    public static final int STATIC = 0x0008;
    public static final int FINAL = 0x0010;
    public static final int SYNCHRONIZED = 0x0020;
    public static final int BRIDGE = 0x0040;
    public static final int VARARGS = 0x0080;
    public static final int NATIVE = 0x0100;
    public static final int INTERFACE = 0x0200;
    public static final int ABSTRACT = 0x0400;
    public static final int SYNTHETIC = 0x1000;
    public static final int ANNOTATION = 0x2000;
    public static final int ENUM = 0x4000;

    private Access() {
    }
}
