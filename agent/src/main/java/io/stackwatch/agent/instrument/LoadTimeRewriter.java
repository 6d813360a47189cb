package io.stackwatch.agent.instrument;

import io.stackwatch.agent.classfile.ClassShape;
import io.stackwatch.agent.classfile.ShapeReader;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.function.BiConsumer;

/**
 * The first transformer a class meets as it loads (registered as not retransformation-capable, so it
 * runs before any capable one, the agent's own and other agents' alike): it reads the class's shape,
 * plans it ({@link Planner}), and gives the cycles of closed calls their depth parameter
 * ({@link DepthParameter}). The JVM keeps what this transformer returned as the class file that
 * every later retransformation starts from, so the overloads stay, whatever is retransformed.
 */
final class LoadTimeRewriter implements ClassFileTransformer {

    private final ClassSelector selector;
    private final Planner planner;
    private final BiConsumer<String, Throwable> failures;
    private final CountingWeaver.NativeCalls natives;
    /** The calls the graph follows (the selected classes'): the others are never made into objects. */
    private final ShapeReader.CallFilter keptCalls;

    LoadTimeRewriter(ClassSelector selector, Planner planner, CountingWeaver.NativeCalls natives,
                     BiConsumer<String, Throwable> failures) {
        this.natives = natives;
        this.selector = selector;
        this.keptCalls = new ShapeReader.CallFilter() {
            @Override
            public boolean keeps(String owner) {
                return selector.acceptsInternal(owner);
            }
        };
        this.planner = planner;
        this.failures = failures;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> redefined,
                            ProtectionDomain domain, byte[] classfile) {
        if (internalName == null || redefined != null || !selector.acceptsInternal(internalName)) {
            return null;
        }
        ClassPlan plan;
        ClassShape shape;
        try {
            shape = ShapeReader.read(classfile, keptCalls);
            plan = planner.planLoad(shape, loader, true);
        } catch (RuntimeException | LinkageError unreadable) {
            failures.accept(internalName.replace('/', '.'), unreadable);
            return null;
        }
        if (plan.rewritten.isEmpty()) {
            return null;
        }
        try {
            ClassReader reader = new ClassReader(classfile);
            ClassWriter writer = new ClassWriter(0);
            reader.accept(new DepthParameter(writer, shape, plan.rewritten, natives, loader), ClassReader.EXPAND_FRAMES);
            byte[] out = writer.toByteArray();
            ClassDump.write(internalName, "loaded", out);
            return out;
        } catch (RuntimeException | LinkageError failed) {
            // The cycle gets counting code instead (the counting transformer comes next).
            planner.rewriteFailed(internalName);
            failures.accept(internalName.replace('/', '.'), failed);
            return null;
        }
    }
}
