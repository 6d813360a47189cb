package io.stackwatch.agent.scan;

import io.stackwatch.agent.classfile.Descriptors;
import io.stackwatch.agent.classfile.MethodShape;

import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

import java.util.ArrayList;
import java.util.List;

/**
 * Follows the operand stack through straight-line code just far enough to see two things.
 *
 * <p><b>Depth counters</b>: an integral parameter or field loaded, stepped by a constant, stored
 * back or passed to a call, and compared by a branch.
 *
 * <p><b>Descent</b>: a call that passes on a value read out of a reference parameter (a field of
 * it, an element of it, what a getter of it returns, and so on transitively, locals included) where
 * the callee expects the same type as that parameter: {@code walk(node.left)},
 * {@code resolve(type.getGenericSuperclass())}, {@code child.accept(v)} for a child of
 * {@code this}. Such recursion follows a structure that is already in memory. A getter here is a
 * call without arguments: {@code mapper.startArray(key)} is not one.
 *
 * <p>Anything it does not model forgets the operand stack, and so does every unconditional jump; at
 * a jump target the stack is the one the code falling through to it left (one of the paths that
 * meet there: {@code cond ? a : b} yields {@code b}). So it can miss a pattern but does not invent
 * one from unrelated values. What locals hold is remembered for the
 * whole method, whatever the path ("may hold a value derived from the parameter").
 */
final class DepthTracker extends MethodVisitor {

    // A stack value: kind in the low 4 bits, step flags in bits 4-5, the slot or field index above.
    private static final int UNKNOWN = 0;
    private static final int ZERO = 1;
    private static final int POSITIVE = 2;
    private static final int NEGATIVE = 3;
    private static final int PARAMETER = 4;
    private static final int FIELD = 5;
    /** A reference parameter itself (the receiver is slot 0). */
    private static final int REFERENCE = 6;
    /** A value read out of a reference parameter. */
    private static final int DERIVED = 7;
    private static final int UP = 0x10;
    private static final int DOWN = 0x20;
    /** On a FIELD value: the field is static. */
    private static final int STATIC = 0x40;

    private final MethodShape method;
    private final long counterSlots;
    private long parameterSlots;
    private long steppedSlots;
    /** Slots of reference parameters still holding the parameter (or something derived from it). */
    private long referenceSlots;
    /** Reference parameter slots since overwritten with something derived from themselves. */
    private long reassignedSlots;
    /** Per local slot: 1 + the parameter slot a value stored there was derived from, or 0. */
    private int[] origin = new int[8];
    /** Descriptor of each reference parameter by slot (the receiver's is its class); read when first needed. */
    private String[] referenceTypes;

    private int[] stack = new int[16];
    private int sp;

    private final List<String> fieldOwners = new ArrayList<>(4);
    private final List<String> fieldNames = new ArrayList<>(4);

    private long compared;
    private long limitCompared;
    private int[] constantArguments = new int[0];
    private long stepped;
    private int[] carrying = new int[0];
    private int[] descending = new int[0];
    private int[] forwarding = new int[0];
    private final List<String> eventFields = new ArrayList<>(0);
    private final List<String> eventOthers = new ArrayList<>(0);
    private byte[] eventKinds = new byte[0];
    private int[] eventPositions = new int[0];

    private final java.util.Map<MethodShape, DepthFacts> results;

    /** Follows {@code method}'s instructions; at the end its facts go into {@code results}. */
    DepthTracker(MethodShape method, java.util.Map<MethodShape, DepthFacts> results) {
        super(Opcodes.ASM9);
        this.method = method;
        this.results = results;
        this.counterSlots = Descriptors.counterArgumentSlots(method.descriptor(), method.isStatic() ? 0 : 1);
        this.parameterSlots = counterSlots;
        this.referenceSlots = referenceSlots(method);
    }

    private static long referenceSlots(MethodShape m) {
        String d = m.descriptor();
        long mask = m.isStatic() ? 0 : 1;
        int slot = m.isStatic() ? 0 : 1;
        int i = 1;
        while (d.charAt(i) != ')' && slot < 64) {
            char c = d.charAt(i);
            if (c == 'L' || c == '[') {
                mask |= 1L << slot;
            }
            while (d.charAt(i) == '[') {
                i++;
            }
            i = d.charAt(i) == 'L' ? d.indexOf(';', i) + 1 : i + 1;
            slot += c == 'J' || c == 'D' ? 2 : 1;
        }
        return mask;
    }

    private String referenceType(int slot) {
        if (referenceTypes == null) {
            referenceTypes = referenceArguments(method);
        }
        return slot < referenceTypes.length ? referenceTypes[slot] : null;
    }

    private static String[] referenceArguments(MethodShape m) {
        String d = m.descriptor();
        String[] types = new String[m.argumentSlots()];
        int slot = 0;
        if (!m.isStatic()) {
            types[slot++] = "L" + m.owner() + ";";
        }
        int i = 1;
        while (d.charAt(i) != ')') {
            int end = i;
            while (d.charAt(end) == '[') {
                end++;
            }
            end = d.charAt(end) == 'L' ? d.indexOf(';', end) + 1 : end + 1;
            char c = d.charAt(i);
            if (c == 'L' || c == '[') {
                types[slot] = d.substring(i, end);
            }
            slot += c == 'J' || c == 'D' ? 2 : 1;
            i = end;
        }
        return types;
    }

    DepthFacts facts() {
        DepthFacts f = new DepthFacts();
        f.comparedParameters = compared;
        f.limitComparedParameters = limitCompared;
        f.constantArgumentCalls = constantArguments;
        f.eventOthers = eventOthers.toArray(new String[0]);
        f.steppedParameters = stepped;
        f.carryingCalls = carrying;
        f.descendingCalls = descending;
        f.forwardingCalls = forwarding;
        f.eventFields = eventFields.toArray(new String[0]);
        f.eventKinds = eventKinds;
        f.eventPositions = eventPositions;
        return f.isEmpty() ? null : f;
    }

    // ------------------------------------------------------------------ the stack

    private void push(int v) {
        if (sp == stack.length) {
            int[] grown = new int[sp * 2];
            System.arraycopy(stack, 0, grown, 0, sp);
            stack = grown;
        }
        stack[sp++] = v;
    }

    private int pop() {
        return sp == 0 ? UNKNOWN : stack[--sp];
    }

    private void pop(int n) {
        sp = Math.max(0, sp - n);
    }

    private void forget() {
        sp = 0;
    }

    private static int kind(int v) {
        return v & 0xF;
    }

    private static boolean tagged(int v) {
        return kind(v) == PARAMETER || kind(v) == FIELD;
    }

    /** The parameter slot a reference value comes from, or -1. */
    private static int source(int v) {
        return kind(v) == REFERENCE || kind(v) == DERIVED ? payload(v) : -1;
    }

    private static int derivedFrom(int v) {
        int p = source(v);
        return p < 0 ? UNKNOWN : DERIVED | p << 8;
    }

    private int localOrigin(int slot) {
        return slot < origin.length ? origin[slot] : 0;
    }

    private void setOrigin(int slot, int parameter) {
        if (slot >= origin.length) {
            int[] grown = new int[Math.max(slot + 1, origin.length * 2)];
            System.arraycopy(origin, 0, grown, 0, origin.length);
            origin = grown;
        }
        origin[slot] = parameter + 1;
    }

    private static boolean constant(int v) {
        return kind(v) == ZERO || kind(v) == POSITIVE || kind(v) == NEGATIVE;
    }

    private static int constantOf(long value) {
        return value == 0 ? ZERO : value > 0 ? POSITIVE : NEGATIVE;
    }

    private static int payload(int v) {
        return v >>> 8;
    }

    // ------------------------------------------------------------------ facts

    private void event(int field, byte kind) {
        event(field, kind, -1);
    }

    private void event(int field, byte kind, int other) {
        int n = eventKinds.length;
        byte[] kinds = new byte[n + 1];
        int[] positions = new int[n + 1];
        System.arraycopy(eventKinds, 0, kinds, 0, n);
        System.arraycopy(eventPositions, 0, positions, 0, n);
        kinds[n] = kind;
        positions[n] = method.calls().size();
        eventKinds = kinds;
        eventPositions = positions;
        eventFields.add(fieldKey(field));
        eventOthers.add(other < 0 ? null : fieldKey(other));
    }

    private String fieldKey(int field) {
        return fieldOwners.get(field) + "." + fieldNames.get(field);
    }

    private void compare(int a, int b) {
        compareOne(a, b);
        compareOne(b, a);
    }

    private void compareOne(int v, int other) {
        if (kind(v) == PARAMETER) {
            compared |= 1L << payload(v);
            if (kind(other) != ZERO) {
                limitCompared |= 1L << payload(v);
            }
        } else if (kind(v) == FIELD) {
            boolean otherField = kind(other) == FIELD && payload(other) != payload(v);
            boolean fixed = kind(other) == POSITIVE || kind(other) == NEGATIVE || otherField && (other & STATIC) != 0;
            if (fixed) {
                event(payload(v), DepthFacts.COMPARE_WITH_LIMIT);
            } else if (otherField) {
                event(payload(v), DepthFacts.COMPARE_WITH_FIELD, payload(other));
            } else {
                event(payload(v), DepthFacts.COMPARE);
            }
        }
    }

    private int fieldIndex(String owner, String name) {
        for (int i = 0; i < fieldNames.size(); i++) {
            if (fieldNames.get(i).equals(name) && fieldOwners.get(i).equals(owner)) {
                return i;
            }
        }
        fieldOwners.add(owner);
        fieldNames.add(name);
        return fieldNames.size() - 1;
    }

    private static boolean integral(String descriptor) {
        if (descriptor.length() != 1) {
            return false;
        }
        char c = descriptor.charAt(0);
        return c == 'I' || c == 'J' || c == 'S' || c == 'B';
    }

    // ------------------------------------------------------------------ instructions

    @Override
    public void visitVarInsn(int opcode, int slot) {
        long bit = slot < 64 ? 1L << slot : 0;
        switch (opcode) {
            case Opcodes.ILOAD:
            case Opcodes.LLOAD:
                if ((parameterSlots & bit) != 0) {
                    push(PARAMETER | ((steppedSlots & bit) != 0 ? UP : 0) | slot << 8);
                } else {
                    push(UNKNOWN);
                }
                break;
            case Opcodes.ALOAD:
                if ((referenceSlots & bit) != 0) {
                    push(((reassignedSlots & bit) != 0 ? DERIVED : REFERENCE) | slot << 8);
                } else if (localOrigin(slot) > 0) {
                    push(DERIVED | (localOrigin(slot) - 1) << 8);
                } else {
                    push(UNKNOWN);
                }
                break;
            case Opcodes.FLOAD:
            case Opcodes.DLOAD:
                push(UNKNOWN);
                break;
            case Opcodes.ISTORE:
            case Opcodes.LSTORE: {
                int v = pop();
                referenceSlots &= ~bit;
                if ((parameterSlots & bit) != 0) {
                    if (kind(v) == PARAMETER && payload(v) == slot) {
                        if ((v & (UP | DOWN)) != 0) {
                            steppedSlots |= bit;
                            stepped |= bit;
                        }
                    } else {
                        parameterSlots &= ~bit;
                    }
                }
                break;
            }
            case Opcodes.ASTORE: {
                int v = pop();
                parameterSlots &= ~bit;
                int p = source(v);
                if (p >= 0) {
                    if (p == slot && (referenceSlots & bit) != 0) {
                        reassignedSlots |= bit; // node = node.next
                    } else {
                        referenceSlots &= ~bit;
                        setOrigin(slot, p);
                    }
                } else {
                    referenceSlots &= ~bit;
                }
                break;
            }
            case Opcodes.FSTORE:
            case Opcodes.DSTORE:
                pop();
                parameterSlots &= ~bit;
                referenceSlots &= ~bit;
                break;
            default:
                forget();
        }
    }

    @Override
    public void visitIincInsn(int slot, int increment) {
        long bit = slot < 64 ? 1L << slot : 0;
        if ((parameterSlots & bit) != 0 && increment != 0) {
            steppedSlots |= bit;
            stepped |= bit;
        }
    }

    @Override
    public void visitInsn(int opcode) {
        switch (opcode) {
            case Opcodes.ACONST_NULL:
            case Opcodes.FCONST_0:
            case Opcodes.FCONST_1:
            case Opcodes.FCONST_2:
            case Opcodes.DCONST_0:
            case Opcodes.DCONST_1:
                push(UNKNOWN);
                break;
            case Opcodes.ICONST_M1:
                push(NEGATIVE);
                break;
            case Opcodes.ICONST_0:
            case Opcodes.LCONST_0:
                push(ZERO);
                break;
            case Opcodes.ICONST_1:
            case Opcodes.ICONST_2:
            case Opcodes.ICONST_3:
            case Opcodes.ICONST_4:
            case Opcodes.ICONST_5:
            case Opcodes.LCONST_1:
                push(POSITIVE);
                break;
            case Opcodes.IADD:
            case Opcodes.LADD:
            case Opcodes.ISUB:
            case Opcodes.LSUB:
                step(opcode == Opcodes.IADD || opcode == Opcodes.LADD);
                break;
            case Opcodes.I2L:
            case Opcodes.L2I:
            case Opcodes.I2S:
            case Opcodes.I2B:
                break; // the value keeps its meaning
            case Opcodes.LCMP: {
                int b = pop();
                int a = pop();
                compare(a, b);
                push(UNKNOWN);
                break;
            }
            case Opcodes.DUP:
                if (sp > 0) {
                    push(stack[sp - 1]);
                } else {
                    push(UNKNOWN);
                }
                break;
            case Opcodes.DUP_X1: {
                int a = pop();
                int b = pop();
                push(a);
                push(b);
                push(a);
                break;
            }
            case Opcodes.SWAP: {
                int a = pop();
                int b = pop();
                push(a);
                push(b);
                break;
            }
            case Opcodes.POP:
            case Opcodes.MONITORENTER:
            case Opcodes.MONITOREXIT:
                pop();
                break;
            case Opcodes.INEG:
            case Opcodes.LNEG:
            case Opcodes.FNEG:
            case Opcodes.DNEG:
            case Opcodes.I2F:
            case Opcodes.I2D:
            case Opcodes.L2F:
            case Opcodes.L2D:
            case Opcodes.F2I:
            case Opcodes.F2L:
            case Opcodes.F2D:
            case Opcodes.D2I:
            case Opcodes.D2L:
            case Opcodes.D2F:
            case Opcodes.I2C:
            case Opcodes.ARRAYLENGTH:
                pop();
                push(UNKNOWN);
                break;
            case Opcodes.IMUL:
            case Opcodes.LMUL:
            case Opcodes.IDIV:
            case Opcodes.LDIV:
            case Opcodes.IREM:
            case Opcodes.LREM:
            case Opcodes.IAND:
            case Opcodes.LAND:
            case Opcodes.IOR:
            case Opcodes.LOR:
            case Opcodes.IXOR:
            case Opcodes.LXOR:
            case Opcodes.ISHL:
            case Opcodes.LSHL:
            case Opcodes.ISHR:
            case Opcodes.LSHR:
            case Opcodes.IUSHR:
            case Opcodes.LUSHR:
            case Opcodes.FADD:
            case Opcodes.DADD:
            case Opcodes.FSUB:
            case Opcodes.DSUB:
            case Opcodes.FMUL:
            case Opcodes.DMUL:
            case Opcodes.FDIV:
            case Opcodes.DDIV:
            case Opcodes.FREM:
            case Opcodes.DREM:
            case Opcodes.FCMPL:
            case Opcodes.FCMPG:
            case Opcodes.DCMPL:
            case Opcodes.DCMPG:
            case Opcodes.IALOAD:
            case Opcodes.LALOAD:
            case Opcodes.FALOAD:
            case Opcodes.DALOAD:
            case Opcodes.BALOAD:
            case Opcodes.CALOAD:
            case Opcodes.SALOAD:
                pop(2);
                push(UNKNOWN);
                break;
            case Opcodes.AALOAD: {
                pop();
                push(derivedFrom(pop()));
                break;
            }
            case Opcodes.IASTORE:
            case Opcodes.LASTORE:
            case Opcodes.FASTORE:
            case Opcodes.DASTORE:
            case Opcodes.AASTORE:
            case Opcodes.BASTORE:
            case Opcodes.CASTORE:
            case Opcodes.SASTORE:
                pop(3);
                break;
            default:
                forget(); // returns, athrow, the two-slot dups and pops: not modelled
        }
    }

    /** {@code a + b} or {@code a - b} where one side is a counter and the other a constant. */
    private void step(boolean add) {
        int b = pop();
        int a = pop();
        int counter;
        int k;
        if (tagged(a) && constant(b)) {
            counter = a;
            k = kind(b);
        } else if (add && constant(a) && tagged(b)) {
            counter = b;
            k = kind(a);
        } else {
            push(UNKNOWN);
            return;
        }
        if (k == ZERO) {
            push(counter);
            return;
        }
        boolean up = add == (k == POSITIVE);
        push((counter & ~(UP | DOWN)) | (up ? UP : DOWN));
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        if (opcode == Opcodes.BIPUSH || opcode == Opcodes.SIPUSH) {
            push(constantOf(operand));
        } else { // NEWARRAY
            pop();
            push(UNKNOWN);
        }
    }

    @Override
    public void visitLdcInsn(Object value) {
        if (value instanceof Integer) {
            push(constantOf((Integer) value));
        } else if (value instanceof Long) {
            push(constantOf((Long) value));
        } else {
            push(UNKNOWN);
        }
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        boolean counter = integral(descriptor);
        switch (opcode) {
            case Opcodes.GETSTATIC:
                push(counter ? FIELD | STATIC | fieldIndex(owner, name) << 8 : UNKNOWN);
                break;
            case Opcodes.GETFIELD: {
                int object = pop();
                if (counter) {
                    push(FIELD | fieldIndex(owner, name) << 8);
                } else if (descriptor.charAt(0) == 'L' || descriptor.charAt(0) == '[') {
                    push(derivedFrom(object));
                } else {
                    push(UNKNOWN);
                }
                break;
            }
            case Opcodes.PUTSTATIC:
                stored(pop(), counter, owner, name);
                break;
            default: // PUTFIELD
                int v = pop();
                pop();
                stored(v, counter, owner, name);
        }
    }

    private void stored(int v, boolean counter, String owner, String name) {
        if (counter && kind(v) != FIELD && !constant(v)) {
            event(fieldIndex(owner, name), DepthFacts.ASSIGNED);
            return;
        }
        if (!counter || kind(v) != FIELD) {
            return;
        }
        int target = fieldIndex(owner, name);
        if ((v & (UP | DOWN)) != 0 && payload(v) == target) {
            event(payload(v), (v & UP) != 0 ? DepthFacts.INCREMENT : DepthFacts.DECREMENT);
        } else if ((v & (UP | DOWN)) == 0 && payload(v) != target) {
            event(payload(v), DepthFacts.COPY, target);
        }
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        if (opcode >= Opcodes.IFEQ && opcode <= Opcodes.IFLE) {
            int v = pop();
            if (tagged(v)) {
                compare(v, ZERO);
            }
        } else if (opcode >= Opcodes.IF_ICMPEQ && opcode <= Opcodes.IF_ICMPLE) {
            int b = pop();
            int a = pop();
            compare(a, b);
        } else if (opcode == Opcodes.IF_ACMPEQ || opcode == Opcodes.IF_ACMPNE) {
            pop(2);
        } else if (opcode == Opcodes.IFNULL || opcode == Opcodes.IFNONNULL) {
            pop();
        } else { // GOTO, JSR
            forget();
        }
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        if (opcode == Opcodes.NEW) {
            push(UNKNOWN);
        } else if (opcode != Opcodes.CHECKCAST) { // ANEWARRAY, INSTANCEOF
            pop();
            push(UNKNOWN);
        }
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        int n = Descriptors.argumentCount(descriptor);
        if (n > argumentValues.length) {
            argumentValues = new int[n];
        }
        boolean carries = false;
        boolean anyDerived = false;
        boolean constantArgument = false;
        for (int i = n - 1; i >= 0; i--) {
            int v = pop();
            argumentValues[i] = v;
            if (kind(v) == PARAMETER && (v & (UP | DOWN)) != 0) {
                carries = true;
            }
            anyDerived |= kind(v) == DERIVED;
            constantArgument |= constant(v) || kind(v) == FIELD;
        }
        int receiver = opcode == Opcodes.INVOKESTATIC ? UNKNOWN : pop();
        int call = method.calls().size();
        if (carries) {
            carrying = append(carrying, call);
        }
        if (constantArgument) {
            constantArguments = append(constantArguments, call);
        }
        if ((opcode == Opcodes.INVOKEVIRTUAL || opcode == Opcodes.INVOKEINTERFACE) && forwards(receiver, n)
                && (n > 0 || name.equals(method.name()) && descriptor.equals(method.descriptor()))) {
            forwarding = append(forwarding, call);
        }
        boolean descends = kind(receiver) == DERIVED && sameClass(referenceType(payload(receiver)), owner);
        if (!descends && anyDerived) {
            descends = passesDerivedOfSameType(descriptor, n);
        }
        if (descends) {
            descending = append(descending, call);
        }
        if (!Descriptors.returnsVoid(descriptor)) {
            char r = descriptor.charAt(descriptor.indexOf(')') + 1);
            // A getter of the parameter (or of something read out of it) reads further into it, and
            // so does reflection's element of an array (Array.get(value, i)).
            boolean getter = n == 0 && (r == 'L' || r == '[');
            boolean element = opcode == Opcodes.INVOKESTATIC && n == 2 && "java/lang/reflect/Array".equals(owner)
                    && "get".equals(name);
            push(getter ? derivedFrom(receiver) : element ? derivedFrom(argumentValues[0]) : UNKNOWN);
        }
    }

    private int[] argumentValues = new int[8];

    /** Whether a call on {@code receiver} (not {@code this} itself) passes exactly this method's parameters, in order. */
    private boolean forwards(int receiver, int n) {
        if (kind(receiver) == REFERENCE && payload(receiver) == 0 && !method.isStatic() || kind(receiver) == UNKNOWN) {
            return false;
        }
        int own = io.stackwatch.agent.classfile.Descriptors.argumentCount(method.descriptor());
        if (n != own) {
            return false;
        }
        int slot = method.isStatic() ? 0 : 1;
        String d = method.descriptor();
        int i = 1;
        for (int a = 0; a < n; a++) {
            int v = argumentValues[a];
            boolean same = (kind(v) == REFERENCE || kind(v) == PARAMETER) && (v & (UP | DOWN)) == 0 && payload(v) == slot;
            if (!same) {
                return false;
            }
            char c = d.charAt(i);
            slot += c == 'J' || c == 'D' ? 2 : 1;
            while (d.charAt(i) == '[') {
                i++;
            }
            i = d.charAt(i) == 'L' ? d.indexOf(';', i) + 1 : i + 1;
        }
        return true;
    }

    private boolean passesDerivedOfSameType(String descriptor, int n) {
        int i = 1;
        for (int a = 0; a < n; a++) {
            int end = i;
            while (descriptor.charAt(end) == '[') {
                end++;
            }
            end = descriptor.charAt(end) == 'L' ? descriptor.indexOf(';', end) + 1 : end + 1;
            int v = argumentValues[a];
            String type = kind(v) == DERIVED ? referenceType(payload(v)) : null;
            if (type != null && type.length() == end - i && descriptor.regionMatches(i, type, 0, end - i)) {
                return true;
            }
            i = end;
        }
        return false;
    }

    /** Whether a type descriptor ({@code Lpkg/Name;}) names the class with this internal name. */
    private static boolean sameClass(String descriptor, String internalName) {
        return descriptor != null && descriptor.length() == internalName.length() + 2
                && descriptor.regionMatches(1, internalName, 0, internalName.length());
    }

    private static int[] append(int[] a, int v) {
        int[] grown = new int[a.length + 1];
        System.arraycopy(a, 0, grown, 0, a.length);
        grown[a.length] = v;
        return grown;
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... args) {
        pop(Descriptors.argumentCount(descriptor));
        if (!Descriptors.returnsVoid(descriptor)) {
            push(UNKNOWN);
        }
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
        pop(dimensions);
        push(UNKNOWN);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        forget();
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        forget();
    }

    @Override
    public void visitEnd() {
        DepthFacts f = facts();
        if (f != null) {
            results.put(method, f);
        }
        super.visitEnd();
    }
}
