package io.stackwatch.agent.it;

import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generates random, legal class files whose methods recurse, in the shapes that compilers, optimisers
 * (ProGuard, R8) and bytecode generators emit and that javac never does: parameter slots re-typed
 * (an {@code Integer} stored where a {@code String} argument was, a caught exception stored into an
 * argument's slot as the JDK's proxies do), locals reused with another type, the halves of long and
 * double slots overwritten, exception tables around the recursive calls (catch, catch and rethrow,
 * {@code monitorenter}/{@code monitorexit} blocks), synchronized methods, static and instance methods,
 * self and mutual recursion, and a recursive constructor.
 *
 * <p>Each class {@code shapes.<Prefix><i>} has a {@code public static String run()} that calls every
 * recursive method (and the constructor) with fixed arguments and returns what came back or what was
 * thrown, as text: run with and without an agent, the texts must be equal. Results are deterministic
 * (no identity hash codes: references are turned into numbers through their {@code toString}).
 */
final class RecursionShapes implements Opcodes {

    static final String PACKAGE = "shapes";

    /** Value kinds the generator puts in locals, parameters and return values. */
    enum Kind {
        INT("I", 1), LONG("J", 2), DOUBLE("D", 2), FLOAT("F", 1),
        STRING("Ljava/lang/String;", 1), INTEGER("Ljava/lang/Integer;", 1), OBJECT("Ljava/lang/Object;", 1),
        THROWABLE("Ljava/lang/Throwable;", 1), VOID("V", 0);

        final String descriptor;
        final int size;

        Kind(String descriptor, int size) {
            this.descriptor = descriptor;
            this.size = size;
        }

        boolean reference() {
            return descriptor.startsWith("L");
        }

        int load() {
            return reference() ? ALOAD : this == INT ? ILOAD : this == LONG ? LLOAD : this == DOUBLE ? DLOAD : FLOAD;
        }

        int store() {
            return reference() ? ASTORE : this == INT ? ISTORE : this == LONG ? LSTORE : this == DOUBLE ? DSTORE : FSTORE;
        }

        int returns() {
            return this == VOID ? RETURN : reference() ? ARETURN : this == INT ? IRETURN : this == LONG ? LRETURN
                    : this == DOUBLE ? DRETURN : FRETURN;
        }
    }

    private static final Kind[] PARAMETER_KINDS = {Kind.INT, Kind.LONG, Kind.DOUBLE, Kind.FLOAT, Kind.STRING, Kind.INTEGER,
            Kind.OBJECT};
    private static final Kind[] VALUE_KINDS = {Kind.INT, Kind.LONG, Kind.DOUBLE, Kind.FLOAT, Kind.STRING, Kind.INTEGER,
            Kind.OBJECT};
    private static final Kind[] RETURN_KINDS = {Kind.INT, Kind.LONG, Kind.DOUBLE, Kind.STRING, Kind.OBJECT, Kind.VOID};
    private static final String[] CATCH_TYPES = {"java/lang/RuntimeException", "java/lang/IllegalStateException",
            "java/lang/Throwable", null};

    private final Random rnd;

    RecursionShapes(long seed) {
        this.rnd = new Random(seed);
    }

    /** Writes {@code count} classes under {@code dir} (a class path root); returns their binary names. */
    List<String> write(Path dir, String prefix, int count) throws IOException {
        Files.createDirectories(dir.resolve(PACKAGE));
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String simple = prefix + i;
            Files.write(dir.resolve(PACKAGE).resolve(simple + ".class"), new ClassGen(PACKAGE + "/" + simple).bytes());
            names.add(PACKAGE + "." + simple);
        }
        return names;
    }

    /**
     * The reproduction of the first defect: {@code static int rec(String s, int n)} that stores an
     * {@code Integer} into slot 0 (legal bytecode; javac never does it). {@code run()} calls
     * {@code rec("x", depth)}.
     */
    static byte[] retypedStringParameter(String internalName, int depth) {
        ClassWriter cw = writer();
        cw.visit(V17, ACC_PUBLIC | ACC_FINAL, internalName, null, "java/lang/Object", null);
        MethodVisitor m = cw.visitMethod(ACC_PUBLIC | ACC_STATIC, "rec", "(Ljava/lang/String;I)I", null, null);
        m.visitCode();
        Label recurse = new Label();
        m.visitVarInsn(ILOAD, 1);
        m.visitJumpInsn(IFGT, recurse);
        // s = Integer.valueOf(s.length()); return ((Integer) s).intValue();
        m.visitVarInsn(ALOAD, 0);
        m.visitMethodInsn(INVOKEVIRTUAL, "java/lang/String", "length", "()I", false);
        m.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", "valueOf", "(I)Ljava/lang/Integer;", false);
        m.visitVarInsn(ASTORE, 0);
        m.visitVarInsn(ALOAD, 0);
        m.visitMethodInsn(INVOKEVIRTUAL, "java/lang/Integer", "intValue", "()I", false);
        m.visitInsn(IRETURN);
        m.visitLabel(recurse);
        // return rec(s, n - 1) + 1;
        m.visitVarInsn(ALOAD, 0);
        m.visitVarInsn(ILOAD, 1);
        m.visitInsn(ICONST_1);
        m.visitInsn(ISUB);
        m.visitMethodInsn(INVOKESTATIC, internalName, "rec", "(Ljava/lang/String;I)I", false);
        m.visitInsn(ICONST_1);
        m.visitInsn(IADD);
        m.visitInsn(IRETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        MethodVisitor run = cw.visitMethod(ACC_PUBLIC | ACC_STATIC, "run", "()Ljava/lang/String;", null, null);
        run.visitCode();
        run.visitLdcInsn("x");
        run.visitLdcInsn(depth);
        run.visitMethodInsn(INVOKESTATIC, internalName, "rec", "(Ljava/lang/String;I)I", false);
        run.visitMethodInsn(INVOKESTATIC, "java/lang/String", "valueOf", "(I)Ljava/lang/String;", false);
        run.visitInsn(ARETURN);
        run.visitMaxs(0, 0);
        run.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static ClassWriter writer() {
        return new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                // Never load a class to merge two types: the generated code reads merged slots as Object at most.
                return a.equals(b) ? a : "java/lang/Object";
            }
        };
    }

    /** One recursive method's signature. */
    private static final class MethodSpec {
        final String name;
        final boolean isStatic;
        final boolean isSynchronized;
        final List<Kind> params = new ArrayList<>();
        int depthParam;
        Kind returns;
        int calls;

        MethodSpec(String name, boolean isStatic, boolean isSynchronized) {
            this.name = name;
            this.isStatic = isStatic;
            this.isSynchronized = isSynchronized;
        }

        String descriptor() {
            StringBuilder sb = new StringBuilder("(");
            for (Kind k : params) {
                sb.append(k.descriptor);
            }
            return sb.append(')').append(returns.descriptor).toString();
        }

        int slotOf(int param) {
            int slot = isStatic ? 0 : 1;
            for (int i = 0; i < param; i++) {
                slot += params.get(i).size;
            }
            return slot;
        }
    }

    /** One generated class. */
    private final class ClassGen {
        final String name;
        final List<MethodSpec> methods = new ArrayList<>();
        final boolean recursiveConstructor;
        /** The depth run() passes: small enough that every method's calls multiply to a few thousand. */
        final int depth;

        ClassGen(String name) {
            this.name = name;
            int count = 1 + rnd.nextInt(3);
            int maxCalls = 1;
            for (int i = 0; i < count; i++) {
                MethodSpec m = new MethodSpec("m" + i, rnd.nextInt(3) > 0, rnd.nextInt(4) == 0);
                int params = 1 + rnd.nextInt(4);
                for (int p = 0; p < params; p++) {
                    m.params.add(PARAMETER_KINDS[rnd.nextInt(PARAMETER_KINDS.length)]);
                }
                m.depthParam = rnd.nextInt(params);
                m.params.set(m.depthParam, Kind.INT);
                m.returns = RETURN_KINDS[rnd.nextInt(RETURN_KINDS.length)];
                m.calls = rnd.nextInt(5) == 0 ? 2 : 1;
                maxCalls = Math.max(maxCalls, m.calls);
                methods.add(m);
            }
            recursiveConstructor = rnd.nextBoolean();
            depth = maxCalls == 1 ? 5 + rnd.nextInt(60) : 3 + rnd.nextInt(8);
        }

        byte[] bytes() {
            ClassWriter cw = writer();
            cw.visit(V17, ACC_PUBLIC | ACC_SUPER, name, null, "java/lang/Object", null);
            cw.visitField(ACC_STATIC, "acc", "I", null, null).visitEnd();
            cw.visitField(0, "value", "I", null, null).visitEnd();
            MethodVisitor init = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
            init.visitCode();
            init.visitVarInsn(ALOAD, 0);
            init.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
            init.visitInsn(RETURN);
            init.visitMaxs(0, 0);
            init.visitEnd();
            if (recursiveConstructor) {
                constructor(cw);
            }
            for (int i = 0; i < methods.size(); i++) {
                new BodyGen(cw, methods.get(i), i).generate();
            }
            run(cw);
            cw.visitEnd();
            return cw.toByteArray();
        }

        /**
         * {@code C(int n, Object sink)}: after {@code super()}, recurses with {@code new C(n - 1, sink)}
         * (inside a try/catch at random), appends to the sink, throws at a random depth, and re-types
         * its parameter slots at random.
         */
        private void constructor(ClassWriter cw) {
            MethodVisitor m = cw.visitMethod(ACC_PUBLIC, "<init>", "(ILjava/lang/Object;)V", null, null);
            m.visitCode();
            m.visitVarInsn(ALOAD, 0);
            m.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
            // StringBuilder sb = (StringBuilder) sink (slot 3); int n2 = n (slot 4)
            m.visitVarInsn(ALOAD, 2);
            m.visitTypeInsn(CHECKCAST, "java/lang/StringBuilder");
            m.visitVarInsn(ASTORE, 3);
            m.visitVarInsn(ILOAD, 1);
            m.visitVarInsn(ISTORE, 4);
            if (rnd.nextBoolean()) {
                // the sink's slot now holds an Integer
                m.visitVarInsn(ILOAD, 4);
                m.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", "valueOf", "(I)Ljava/lang/Integer;", false);
                m.visitVarInsn(ASTORE, 2);
            }
            if (rnd.nextBoolean()) {
                // n's slot now holds a String
                m.visitLdcInsn("n");
                m.visitVarInsn(ASTORE, 1);
            }
            int throwAt = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(depth) : -1;
            if (throwAt > 0) {
                Label skip = new Label();
                m.visitVarInsn(ILOAD, 4);
                m.visitLdcInsn(throwAt);
                m.visitJumpInsn(IF_ICMPNE, skip);
                throwNew(m, "constructor at " + throwAt);
                m.visitLabel(skip);
            }
            Label done = new Label();
            m.visitVarInsn(ILOAD, 4);
            m.visitJumpInsn(IFLE, done);
            boolean guarded = rnd.nextBoolean();
            Label start = new Label();
            Label end = new Label();
            Label handler = new Label();
            if (guarded) {
                m.visitTryCatchBlock(start, end, handler, "java/lang/IllegalStateException");
            }
            m.visitLabel(start);
            m.visitTypeInsn(NEW, name);
            m.visitInsn(DUP);
            m.visitVarInsn(ILOAD, 4);
            m.visitInsn(ICONST_1);
            m.visitInsn(ISUB);
            m.visitVarInsn(ALOAD, 3);
            m.visitMethodInsn(INVOKESPECIAL, name, "<init>", "(ILjava/lang/Object;)V", false);
            m.visitInsn(POP);
            m.visitLabel(end);
            if (guarded) {
                m.visitJumpInsn(GOTO, done);
                m.visitLabel(handler);
                // the caught exception goes into the n slot (an int's slot until now, or the String)
                m.visitVarInsn(ASTORE, 1);
                m.visitVarInsn(ALOAD, 3);
                m.visitVarInsn(ALOAD, 1);
                m.visitMethodInsn(INVOKEVIRTUAL, "java/lang/Object", "toString", "()Ljava/lang/String;", false);
                m.visitMethodInsn(INVOKEVIRTUAL, "java/lang/StringBuilder", "append",
                        "(Ljava/lang/String;)Ljava/lang/StringBuilder;", false);
                m.visitInsn(POP);
            }
            m.visitLabel(done);
            m.visitVarInsn(ALOAD, 3);
            m.visitVarInsn(ILOAD, 4);
            m.visitMethodInsn(INVOKEVIRTUAL, "java/lang/StringBuilder", "append", "(I)Ljava/lang/StringBuilder;", false);
            m.visitLdcInsn(",");
            m.visitMethodInsn(INVOKEVIRTUAL, "java/lang/StringBuilder", "append",
                    "(Ljava/lang/String;)Ljava/lang/StringBuilder;", false);
            m.visitInsn(POP);
            m.visitVarInsn(ALOAD, 0);
            m.visitVarInsn(ILOAD, 4);
            m.visitFieldInsn(PUTFIELD, name, "value", "I");
            m.visitInsn(RETURN);
            m.visitMaxs(0, 0);
            m.visitEnd();
        }

        /** {@code public static String run()}: every method and the constructor, results or throwables as text. */
        private void run(ClassWriter cw) {
            MethodVisitor m = cw.visitMethod(ACC_PUBLIC | ACC_STATIC, "run", "()Ljava/lang/String;", null, null);
            m.visitCode();
            m.visitTypeInsn(NEW, "java/lang/StringBuilder");
            m.visitInsn(DUP);
            m.visitMethodInsn(INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "()V", false);
            m.visitVarInsn(ASTORE, 0);
            for (MethodSpec spec : methods) {
                appendOutcome(m, () -> {
                    m.visitInsn(ICONST_0);
                    m.visitFieldInsn(PUTSTATIC, name, "acc", "I");
                    if (!spec.isStatic) {
                        newInstance(m);
                    }
                    for (int p = 0; p < spec.params.size(); p++) {
                        if (p == spec.depthParam) {
                            m.visitLdcInsn(depth);
                        } else {
                            constant(m, spec.params.get(p), p * 7 + 3);
                        }
                    }
                    invoke(m, spec);
                    asString(m, spec.returns);
                });
            }
            if (recursiveConstructor) {
                appendOutcome(m, () -> {
                    // new C(depth, sink), then the sink's text
                    m.visitTypeInsn(NEW, "java/lang/StringBuilder");
                    m.visitInsn(DUP);
                    m.visitMethodInsn(INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "()V", false);
                    m.visitVarInsn(ASTORE, 2);
                    m.visitTypeInsn(NEW, name);
                    m.visitInsn(DUP);
                    m.visitLdcInsn(depth);
                    m.visitVarInsn(ALOAD, 2);
                    m.visitMethodInsn(INVOKESPECIAL, name, "<init>", "(ILjava/lang/Object;)V", false);
                    m.visitInsn(POP);
                    m.visitVarInsn(ALOAD, 2);
                    m.visitMethodInsn(INVOKEVIRTUAL, "java/lang/Object", "toString", "()Ljava/lang/String;", false);
                });
            }
            m.visitVarInsn(ALOAD, 0);
            m.visitMethodInsn(INVOKEVIRTUAL, "java/lang/Object", "toString", "()Ljava/lang/String;", false);
            m.visitInsn(ARETURN);
            m.visitMaxs(0, 0);
            m.visitEnd();
        }

        /**
         * {@code try { s = <call>; } catch (Throwable t) { s = t.toString(); } out.append(s).append(';')}:
         * {@code call} leaves a String on the stack; out is in slot 0, s in slot 1.
         */
        private void appendOutcome(MethodVisitor m, Runnable call) {
            Label start = new Label();
            Label end = new Label();
            Label handler = new Label();
            Label next = new Label();
            m.visitTryCatchBlock(start, end, handler, "java/lang/Throwable");
            m.visitLabel(start);
            call.run();
            m.visitVarInsn(ASTORE, 1);
            m.visitLabel(end);
            appendSlot(m, 1);
            m.visitJumpInsn(GOTO, next);
            m.visitLabel(handler);
            m.visitMethodInsn(INVOKEVIRTUAL, "java/lang/Object", "toString", "()Ljava/lang/String;", false);
            m.visitVarInsn(ASTORE, 1);
            appendSlot(m, 1);
            m.visitLabel(next);
        }

        /** {@code out.append(slot).append(';')} with out in slot 0. */
        private void appendSlot(MethodVisitor m, int slot) {
            m.visitVarInsn(ALOAD, 0);
            m.visitVarInsn(ALOAD, slot);
            m.visitMethodInsn(INVOKEVIRTUAL, "java/lang/StringBuilder", "append",
                    "(Ljava/lang/String;)Ljava/lang/StringBuilder;", false);
            m.visitLdcInsn(";");
            m.visitMethodInsn(INVOKEVIRTUAL, "java/lang/StringBuilder", "append",
                    "(Ljava/lang/String;)Ljava/lang/StringBuilder;", false);
            m.visitInsn(POP);
        }

        private void newInstance(MethodVisitor m) {
            m.visitTypeInsn(NEW, name);
            m.visitInsn(DUP);
            m.visitMethodInsn(INVOKESPECIAL, name, "<init>", "()V", false);
        }

        private void invoke(MethodVisitor m, MethodSpec spec) {
            m.visitMethodInsn(spec.isStatic ? INVOKESTATIC : INVOKEVIRTUAL, name, spec.name, spec.descriptor(), false);
        }

        /** Turns the value of {@code kind} on the stack into its text; a void method's text is its class's {@code acc}. */
        private void asString(MethodVisitor m, Kind kind) {
            if (kind == Kind.VOID) {
                m.visitFieldInsn(GETSTATIC, name, "acc", "I");
                kind = Kind.INT;
            }
            String arg = kind.reference() ? "Ljava/lang/Object;" : kind.descriptor;
            m.visitMethodInsn(INVOKESTATIC, "java/lang/String", "valueOf", "(" + arg + ")Ljava/lang/String;", false);
        }

        /** One method's body; see the class comment for the shapes. */
        private final class BodyGen {
            final ClassWriter cw;
            final MethodSpec spec;
            final int index;
            MethodVisitor m;
            /** What each local slot holds now, as far as straight-line code knows; null: unusable. */
            Kind[] slots = new Kind[64];
            /** Slots the body keeps for itself (the decremented depth, the running sum, monitors). */
            final Set<Integer> reserved = new HashSet<>();
            int nextSlot;
            int sumSlot;
            int nextDepthSlot;
            boolean receiverIntact;

            BodyGen(ClassWriter cw, MethodSpec spec, int index) {
                this.cw = cw;
                this.spec = spec;
                this.index = index;
            }

            void generate() {
                int access = ACC_PUBLIC | (spec.isStatic ? ACC_STATIC : 0) | (spec.isSynchronized ? ACC_SYNCHRONIZED : 0);
                m = cw.visitMethod(access, spec.name, spec.descriptor(), null, null);
                m.visitCode();
                receiverIntact = !spec.isStatic;
                for (int p = 0; p < spec.params.size(); p++) {
                    set(spec.slotOf(p), spec.params.get(p));
                }
                nextSlot = spec.slotOf(spec.params.size());
                int depthSlot = spec.slotOf(spec.depthParam);

                // if (n <= 0) return <a value made of the arguments>;
                Label recurse = new Label();
                m.visitVarInsn(ILOAD, depthSlot);
                m.visitJumpInsn(IFGT, recurse);
                push(Kind.INT);
                push(Kind.INT);
                m.visitInsn(IADD);
                finish();
                m.visitLabel(recurse);

                // int next = n - 1; int sum = n * 7;
                nextDepthSlot = fresh(Kind.INT);
                m.visitVarInsn(ILOAD, depthSlot);
                m.visitInsn(ICONST_1);
                m.visitInsn(ISUB);
                m.visitVarInsn(ISTORE, nextDepthSlot);
                sumSlot = fresh(Kind.INT);
                m.visitVarInsn(ILOAD, depthSlot);
                m.visitLdcInsn(7);
                m.visitInsn(IMUL);
                m.visitVarInsn(ISTORE, sumSlot);
                reserved.add(nextDepthSlot);
                reserved.add(sumSlot);
                set(nextDepthSlot, Kind.INT);
                set(sumSlot, Kind.INT);

                if (rnd.nextInt(3) == 0) {
                    // if (n == k) throw new IllegalStateException(...)
                    int k = 1 + rnd.nextInt(depth);
                    Label skip = new Label();
                    m.visitVarInsn(ILOAD, depthSlot);
                    m.visitLdcInsn(k);
                    m.visitJumpInsn(IF_ICMPNE, skip);
                    throwNew(m, name.substring(PACKAGE.length() + 1) + "." + spec.name + " at " + k);
                    m.visitLabel(skip);
                }

                int calls = spec.calls;
                int statements = 2 + rnd.nextInt(6);
                for (int s = 0; s < statements || calls > 0; s++) {
                    int pick = rnd.nextInt(10);
                    if (calls > 0 && (pick < 3 || s >= statements)) {
                        call();
                        calls--;
                    } else if (pick < 6) {
                        retype();
                    } else if (pick < 7) {
                        iinc();
                    } else {
                        // read something back into the sum: re-typed slots must still read as what they now hold
                        push(Kind.INT);
                        addToSum();
                    }
                }
                m.visitVarInsn(ILOAD, sumSlot);
                finish();
                m.visitMaxs(0, 0);
                m.visitEnd();
            }

            /** Returns the int on the stack as the method's return kind (void methods add it to {@code acc}). */
            private void finish() {
                switch (spec.returns) {
                    case VOID:
                        m.visitFieldInsn(GETSTATIC, name, "acc", "I");
                        m.visitInsn(IADD);
                        m.visitFieldInsn(PUTSTATIC, name, "acc", "I");
                        break;
                    case LONG:
                        m.visitInsn(I2L);
                        break;
                    case DOUBLE:
                        m.visitInsn(I2D);
                        break;
                    case STRING:
                        m.visitMethodInsn(INVOKESTATIC, "java/lang/String", "valueOf", "(I)Ljava/lang/String;", false);
                        break;
                    case OBJECT:
                        m.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", "valueOf", "(I)Ljava/lang/Integer;", false);
                        break;
                    default:
                        break;
                }
                m.visitInsn(spec.returns.returns());
            }

            /** A call to one of the class's methods (itself or the next: a cycle through all of them). */
            private void call() {
                MethodSpec callee = rnd.nextBoolean() ? spec : methods.get((index + 1) % methods.size());
                int shape = rnd.nextInt(5);
                if (shape == 0 || shape == 1) {
                    guardedCall(callee, shape == 1);
                } else if (shape == 2) {
                    lockedCall(callee);
                } else {
                    invokeAsInt(callee);
                    addToSum();
                }
            }

            /** {@code try { sum += callee(...) } catch (X e) { <e stored in some slot>; sum += e.hash or rethrow }} */
            private void guardedCall(MethodSpec callee, boolean rethrow) {
                Label start = new Label();
                Label end = new Label();
                Label handler = new Label();
                Label join = new Label();
                String type = CATCH_TYPES[rnd.nextInt(CATCH_TYPES.length)];
                m.visitTryCatchBlock(start, end, handler, type);
                Kind[] before = slots.clone();
                m.visitLabel(start);
                invokeAsInt(callee);
                m.visitLabel(end);
                addToSum();
                m.visitJumpInsn(GOTO, join);
                m.visitLabel(handler);
                slots = before;
                // Often a parameter's slot, as the JDK's proxies do with their catch-all.
                int target = target(Kind.THROWABLE);
                store(Kind.THROWABLE, target);
                if (rethrow) {
                    m.visitVarInsn(ALOAD, target);
                    m.visitInsn(ATHROW);
                } else {
                    m.visitVarInsn(ALOAD, target);
                    toInt(Kind.THROWABLE);
                    addToSum();
                }
                m.visitLabel(join);
                // Paths merge: what the handler stored is not known on the other path.
                slots = before;
                forget(target, Kind.THROWABLE);
            }

            /** {@code synchronized (lock) { sum += callee(...) }} with javac's exception table. */
            private void lockedCall(MethodSpec callee) {
                int lock = fresh(Kind.OBJECT);
                reserved.add(lock);
                int thrown = fresh(Kind.THROWABLE);
                reserved.add(thrown);
                Label start = new Label();
                Label end = new Label();
                Label handler = new Label();
                Label join = new Label();
                m.visitTryCatchBlock(start, end, handler, null);
                m.visitLdcInsn(Type.getObjectType(name));
                m.visitInsn(DUP);
                m.visitVarInsn(ASTORE, lock);
                m.visitInsn(MONITORENTER);
                Kind[] before = slots.clone();
                m.visitLabel(start);
                invokeAsInt(callee);
                addToSum();
                m.visitVarInsn(ALOAD, lock);
                m.visitInsn(MONITOREXIT);
                m.visitLabel(end);
                m.visitJumpInsn(GOTO, join);
                m.visitLabel(handler);
                m.visitVarInsn(ASTORE, thrown);
                m.visitVarInsn(ALOAD, lock);
                m.visitInsn(MONITOREXIT);
                m.visitVarInsn(ALOAD, thrown);
                m.visitInsn(ATHROW);
                m.visitLabel(join);
                slots = before;
            }

            /** Calls {@code callee} with the decremented depth and values of the right kinds; leaves an int. */
            private void invokeAsInt(MethodSpec callee) {
                if (!callee.isStatic) {
                    if (receiverIntact) {
                        m.visitVarInsn(ALOAD, 0);
                    } else {
                        newInstance(m);
                    }
                }
                for (int p = 0; p < callee.params.size(); p++) {
                    if (p == callee.depthParam) {
                        m.visitVarInsn(ILOAD, nextDepthSlot);
                    } else {
                        push(callee.params.get(p));
                    }
                }
                invoke(m, callee);
                if (callee.returns == Kind.VOID) {
                    m.visitFieldInsn(GETSTATIC, name, "acc", "I");
                } else {
                    toInt(callee.returns);
                }
            }

            /** Stores a value of another kind into a parameter's slot, a local's slot or a fresh one. */
            private void retype() {
                Kind kind = VALUE_KINDS[rnd.nextInt(VALUE_KINDS.length)];
                int target = target(kind);
                push(kind);
                store(kind, target);
            }

            /** {@code iinc} on an int parameter or local. */
            private void iinc() {
                List<Integer> ints = new ArrayList<>();
                for (int s = 0; s < nextSlot; s++) {
                    if (slots[s] == Kind.INT && !reserved.contains(s)) {
                        ints.add(s);
                    }
                }
                if (ints.isEmpty()) {
                    return;
                }
                m.visitIincInsn(ints.get(rnd.nextInt(ints.size())), rnd.nextInt(7) - 3);
            }

            /** A slot to store {@code kind} into: half the time an argument's (or the receiver's), else a local or a fresh one. */
            private int target(Kind kind) {
                int arguments = spec.slotOf(spec.params.size());
                for (int attempt = 0; attempt < 8; attempt++) {
                    int s = rnd.nextInt(4) < 2 ? rnd.nextInt(arguments) : rnd.nextInt(nextSlot + 1);
                    if (!reserved.contains(s) && (kind.size == 1 || !reserved.contains(s + 1))
                            && (s != 0 || spec.isStatic || rnd.nextInt(3) == 0)) {
                        if (s == 0 && !spec.isStatic) {
                            // The receiver's slot: from now on calls on this class use a new instance.
                            receiverIntact = false;
                        }
                        return s;
                    }
                }
                return fresh(kind);
            }

            private int fresh(Kind kind) {
                int s = nextSlot;
                nextSlot += Math.max(1, kind.size);
                return s;
            }

            private void store(Kind kind, int slot) {
                m.visitVarInsn(kind.store(), slot);
                set(slot, kind);
                nextSlot = Math.max(nextSlot, slot + kind.size);
            }

            /** Records that {@code slot} holds {@code kind} now, and what that overwrote. */
            private void set(int slot, Kind kind) {
                if (slot > 0 && slots[slot - 1] != null && slots[slot - 1].size == 2) {
                    slots[slot - 1] = null; // the second half of a long or double is gone
                }
                slots[slot] = kind;
                if (kind.size == 2) {
                    slots[slot + 1] = null;
                }
            }

            /** After paths merge, a slot one path stored into is unusable. */
            private void forget(int slot, Kind kind) {
                slots[slot] = null;
                if (kind.size == 2) {
                    slots[slot + 1] = null;
                }
                if (slot > 0 && slots[slot - 1] != null && slots[slot - 1].size == 2) {
                    slots[slot - 1] = null;
                }
            }

            /** Pushes a value of {@code kind}: from a slot that holds one (half the time), else a constant. */
            private void push(Kind kind) {
                List<Integer> candidates = new ArrayList<>();
                for (int s = 0; s < nextSlot; s++) {
                    Kind k = slots[s];
                    if (k == null || (s == 0 && !spec.isStatic && receiverIntact)) {
                        continue;
                    }
                    if (k == kind || (kind == Kind.OBJECT && k.reference())) {
                        candidates.add(s);
                    }
                }
                if (!candidates.isEmpty() && rnd.nextBoolean()) {
                    int s = candidates.get(rnd.nextInt(candidates.size()));
                    m.visitVarInsn(slots[s].load(), s);
                    if (kind == Kind.OBJECT && slots[s] == Kind.THROWABLE) {
                        // a throwable's text is deterministic; keep it a plain Object all the same
                        m.visitMethodInsn(INVOKEVIRTUAL, "java/lang/Object", "toString", "()Ljava/lang/String;", false);
                    }
                    return;
                }
                constant(m, kind, rnd.nextInt(100));
            }

            /** Turns the value of {@code kind} on the stack into an int, deterministically. */
            private void toInt(Kind kind) {
                switch (kind) {
                    case INT:
                        break;
                    case LONG:
                        m.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "hashCode", "(J)I", false);
                        break;
                    case DOUBLE:
                        m.visitMethodInsn(INVOKESTATIC, "java/lang/Double", "hashCode", "(D)I", false);
                        break;
                    case FLOAT:
                        m.visitMethodInsn(INVOKESTATIC, "java/lang/Float", "hashCode", "(F)I", false);
                        break;
                    default:
                        m.visitMethodInsn(INVOKESTATIC, "java/lang/String", "valueOf", "(Ljava/lang/Object;)Ljava/lang/String;",
                                false);
                        m.visitMethodInsn(INVOKEVIRTUAL, "java/lang/String", "hashCode", "()I", false);
                }
            }

            /** {@code sum = sum * 31 + <int on the stack>} */
            private void addToSum() {
                m.visitVarInsn(ILOAD, sumSlot);
                m.visitLdcInsn(31);
                m.visitInsn(IMUL);
                m.visitInsn(IADD);
                m.visitVarInsn(ISTORE, sumSlot);
            }
        }
    }

    /** A constant of {@code kind} derived from {@code seed}. */
    private static void constant(MethodVisitor m, Kind kind, int seed) {
        switch (kind) {
            case INT:
                m.visitLdcInsn(seed);
                break;
            case LONG:
                m.visitLdcInsn(seed * 1_000_003L);
                break;
            case DOUBLE:
                m.visitLdcInsn(seed / 7.0);
                break;
            case FLOAT:
                m.visitLdcInsn(seed / 3.0f);
                break;
            case STRING:
            case OBJECT:
                m.visitLdcInsn("s" + seed);
                break;
            case INTEGER:
                m.visitLdcInsn(seed);
                m.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", "valueOf", "(I)Ljava/lang/Integer;", false);
                break;
            default:
                m.visitLdcInsn("t" + seed);
                m.visitMethodInsn(INVOKESTATIC, "java/lang/String", "valueOf", "(Ljava/lang/Object;)Ljava/lang/String;", false);
        }
    }

    /** {@code throw new IllegalStateException(message)} */
    private static void throwNew(MethodVisitor m, String message) {
        m.visitTypeInsn(NEW, "java/lang/IllegalStateException");
        m.visitInsn(DUP);
        m.visitLdcInsn(message);
        m.visitMethodInsn(INVOKESPECIAL, "java/lang/IllegalStateException", "<init>", "(Ljava/lang/String;)V", false);
        m.visitInsn(ATHROW);
    }
}
