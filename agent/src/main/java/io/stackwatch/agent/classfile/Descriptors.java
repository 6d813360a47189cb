package io.stackwatch.agent.classfile;

/** Reads method descriptors ({@code (ILjava/lang/String;[J)V}) without allocating. */
public final class Descriptors {

    private Descriptors() {
    }

    /** Local slots the arguments take (long and double take two), without a receiver. */
    public static int argumentSlots(String descriptor) {
        int slots = 0;
        int i = 1;
        while (descriptor.charAt(i) != ')') {
            char c = descriptor.charAt(i);
            slots += c == 'J' || c == 'D' ? 2 : 1;
            i = next(descriptor, i);
        }
        return slots;
    }

    /** The argument descriptors of a method descriptor, in order. */
    public static java.util.List<String> arguments(String descriptor) {
        java.util.List<String> out = new java.util.ArrayList<>();
        int i = 1;
        while (descriptor.charAt(i) != ')') {
            int start = i;
            i = next(descriptor, i);
            out.add(descriptor.substring(start, i));
        }
        return out;
    }

    /** How many arguments (values, not slots), without a receiver. */
    public static int argumentCount(String descriptor) {
        int n = 0;
        int i = 1;
        while (descriptor.charAt(i) != ')') {
            n++;
            i = next(descriptor, i);
        }
        return n;
    }

    /** Whether the method returns nothing. */
    public static boolean returnsVoid(String descriptor) {
        return descriptor.charAt(descriptor.length() - 1) == 'V' && descriptor.charAt(descriptor.length() - 2) == ')';
    }

    /**
     * Bit {@code s} set when local slot {@code s} holds an integral argument that can count depth
     * (byte, short, int, long), for slots below 64. {@code firstSlot} is 1 for instance methods.
     */
    public static long counterArgumentSlots(String descriptor, int firstSlot) {
        long mask = 0;
        int slot = firstSlot;
        int i = 1;
        while (descriptor.charAt(i) != ')') {
            char c = descriptor.charAt(i);
            if ((c == 'I' || c == 'J' || c == 'S' || c == 'B') && slot < 64) {
                mask |= 1L << slot;
            }
            slot += c == 'J' || c == 'D' ? 2 : 1;
            i = next(descriptor, i);
        }
        return mask;
    }

    /** The index just past the type starting at {@code i}. */
    private static int next(String d, int i) {
        while (d.charAt(i) == '[') {
            i++;
        }
        if (d.charAt(i) == 'L') {
            return d.indexOf(';', i) + 1;
        }
        return i + 1;
    }

    /** {@code (Lcom/acme/Node;I)} → {@code (Node, int)}: simple names, for reports. */
    public static String simpleArguments(String descriptor) {
        StringBuilder sb = new StringBuilder("(");
        int i = 1;
        boolean first = true;
        while (descriptor.charAt(i) != ')') {
            int end = next(descriptor, i);
            if (!first) {
                sb.append(", ");
            }
            first = false;
            int dims = 0;
            int j = i;
            while (descriptor.charAt(j) == '[') {
                dims++;
                j++;
            }
            char c = descriptor.charAt(j);
            if (c == 'L') {
                String type = descriptor.substring(j + 1, end - 1);
                int cut = Math.max(type.lastIndexOf('/'), type.lastIndexOf('$'));
                sb.append(type, cut + 1, type.length());
            } else {
                sb.append(primitive(c));
            }
            for (int k = 0; k < dims; k++) {
                sb.append("[]");
            }
            i = end;
        }
        return sb.append(')').toString();
    }

    private static String primitive(char c) {
        switch (c) {
            case 'Z': return "boolean";
            case 'B': return "byte";
            case 'C': return "char";
            case 'S': return "short";
            case 'I': return "int";
            case 'J': return "long";
            case 'F': return "float";
            case 'D': return "double";
            default: return String.valueOf(c);
        }
    }
}
