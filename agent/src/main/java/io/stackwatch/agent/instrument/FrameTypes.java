package io.stackwatch.agent.instrument;

import io.stackwatch.agent.classfile.Descriptors;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import java.util.List;

/**
 * Stack map frame entries (ASM's expanded form) for what the rewriters add: the types of a method's
 * arguments, of its return value, and locals to leave unknown ({@code TOP}). The rewriters never need
 * to know the types of a method's own locals: every frame they add declares them unknown, which
 * every frame of the original code is assignable to.
 */
final class FrameTypes {

    static final String THREAD_STATE = "io/stackwatch/core/tracking/ThreadStackState";
    static final String TRACKER = "io/stackwatch/core/tracking/Tracker";

    private FrameTypes() {
    }

    /** The entry of a field or value descriptor ({@code I}, {@code J}, {@code Lcom/acme/X;}, {@code [I}). */
    static Object entry(String descriptor) {
        switch (descriptor.charAt(0)) {
            case 'Z':
            case 'B':
            case 'C':
            case 'S':
            case 'I':
                return Opcodes.INTEGER;
            case 'F':
                return Opcodes.FLOAT;
            case 'J':
                return Opcodes.LONG;
            case 'D':
                return Opcodes.DOUBLE;
            case 'L':
                return descriptor.substring(1, descriptor.length() - 1);
            default:
                return descriptor; // an array type is named by its descriptor
        }
    }

    /** The return type's descriptor ({@code V} for none). */
    static String returnType(String methodDescriptor) {
        return methodDescriptor.substring(methodDescriptor.indexOf(')') + 1);
    }

    /** Stack slots of a value of this descriptor: 0 for {@code V}, 2 for long and double, else 1. */
    static int slots(String descriptor) {
        return Type.getType(descriptor).getSize();
    }

    /** The argument descriptors of a method descriptor, in order. */
    static List<String> arguments(String methodDescriptor) {
        return Descriptors.arguments(methodDescriptor);
    }

    /** {@code slots} unknown locals, one entry each, then {@code last} (when not null). */
    static Object[] unknownThen(int slots, Object last) {
        Object[] locals = new Object[slots + (last == null ? 0 : 1)];
        for (int i = 0; i < slots; i++) {
            locals[i] = Opcodes.TOP;
        }
        if (last != null) {
            locals[slots] = last;
        }
        return locals;
    }

    /** Local slots an expanded frame's entries cover (long and double take two). */
    static int slotsOf(Object[] entries, int count) {
        int slots = 0;
        for (int i = 0; i < count; i++) {
            slots += entries[i] == Opcodes.LONG || entries[i] == Opcodes.DOUBLE ? 2 : 1;
        }
        return slots;
    }

    /** The load opcode for a value of this descriptor. */
    static int load(String descriptor) {
        return Type.getType(descriptor).getOpcode(Opcodes.ILOAD);
    }

    /** The store opcode for a value of this descriptor. */
    static int store(String descriptor) {
        return Type.getType(descriptor).getOpcode(Opcodes.ISTORE);
    }

    /** The return opcode for this return type ({@code RETURN} for {@code V}). */
    static int returnOpcode(String descriptor) {
        return Type.getType(descriptor).getOpcode(Opcodes.IRETURN);
    }
}
