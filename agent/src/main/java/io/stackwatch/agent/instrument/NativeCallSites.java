package io.stackwatch.agent.instrument;

import io.stackwatch.core.tracking.Tracker;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.MethodList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.pool.TypePool;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Puts a call to {@link Tracker#beforeNative(int)} in front of every call an instrumented method makes
 * to a native method of a non-JDK class (JNI libraries: compression, crypto, databases). Their C
 * frames use the same thread stack, unseen; the tracker takes a real reading there.
 *
 * <p>JDK natives are left alone: most are intrinsics that use no C stack, and some sit in the hottest
 * loops ({@code System.arraycopy}). The inserted call takes no arguments and returns nothing, so the
 * operand stack and the stack map frames stay as they were.
 */
final class NativeCallSites implements AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper {

    private static final String TRACKER = Type.getInternalName(Tracker.class);
    private static final String[] SKIPPED_OWNERS = {
            "java/", "javax/", "jdk/", "sun/", "com/sun/", "io/stackwatch/", "[",
    };

    private final InstrumentationPlanner planner;
    /** Owner class (internal name) to its native methods ({@code name + descriptor}); empty when it has none or cannot be read. */
    private final Map<String, Set<String>> nativesByOwner = new ConcurrentHashMap<>();

    NativeCallSites(InstrumentationPlanner planner) {
        this.planner = planner;
    }

    @Override
    public MethodVisitor wrap(TypeDescription instrumentedType, MethodDescription instrumentedMethod, MethodVisitor visitor,
                              Implementation.Context context, TypePool typePool, int writerFlags, int readerFlags) {
        MethodPlan plan = planner.lookup(instrumentedType, instrumentedMethod);
        if (plan == null) {
            return visitor;
        }
        int methodId = plan.methodId;
        return new MethodVisitor(Opcodes.ASM9, visitor) {
            private boolean inserted;

            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
                if (opcode != Opcodes.INVOKEINTERFACE && isNative(typePool, owner, name, descriptor)) {
                    super.visitLdcInsn(methodId);
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, TRACKER, "beforeNative", "(I)V", false);
                    inserted = true;
                }
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            }

            @Override
            public void visitMaxs(int maxStack, int maxLocals) {
                // The method id sits on top of the call's arguments for a moment: one more slot.
                super.visitMaxs(inserted ? maxStack + 1 : maxStack, maxLocals);
            }
        };
    }

    private boolean isNative(TypePool pool, String owner, String name, String descriptor) {
        for (String skipped : SKIPPED_OWNERS) {
            if (owner.startsWith(skipped)) {
                return false;
            }
        }
        // get, then put: computeIfAbsent would take a lambda, linked while the application's class loads.
        Set<String> natives = nativesByOwner.get(owner);
        if (natives == null) {
            natives = nativeMethodsOf(pool, owner);
            Set<String> raced = nativesByOwner.putIfAbsent(owner, natives);
            natives = raced != null ? raced : natives;
        }
        return natives.contains(name + descriptor);
    }

    private static Set<String> nativeMethodsOf(TypePool pool, String owner) {
        try {
            TypePool.Resolution resolution = pool.describe(owner.replace('/', '.'));
            if (!resolution.isResolved()) {
                return Set.of();
            }
            Set<String> natives = ConcurrentHashMap.newKeySet();
            // Declared methods only: a native is almost always called through the class that declares it.
            MethodList<MethodDescription.InDefinedShape> methods = resolution.resolve().getDeclaredMethods();
            for (MethodDescription.InDefinedShape m : methods) {
                if (m.isNative()) {
                    natives.add(m.getInternalName() + m.getDescriptor());
                }
            }
            return natives.isEmpty() ? Set.of() : natives;
        } catch (RuntimeException | LinkageError unreadable) {
            return Set.of();
        }
    }
}
