package io.stackwatch.agent.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The agent's transformer when nothing loaded so far needs retransforming (premain, the usual case):
 * it plans each selected class from its class file with the agent's own reader, and only a class
 * with planned methods goes on to Byte Buddy. Byte Buddy's transformer is built on a background
 * thread from the start; a class that needs it first waits for it (or builds it, if the thread has
 * not begun), so no class load is ever missed, while an application whose first classes have no
 * recursion reaches {@code main} without waiting for Byte Buddy at all.
 */
final class DeferredTransformer implements ClassFileTransformer {

    private final ClassSelector selector;
    private final InstrumentationPlanner planner;
    private final ClassBytesCapture capture;
    private final FutureTask<ClassFileTransformer> byteBuddy;
    private final BiConsumer<String, Throwable> failures;
    /** Binary names of the classes handed to Byte Buddy (to restore them on uninstall). */
    private final Set<String> transformed = ConcurrentHashMap.newKeySet();
    /** Planned classes the building thread itself loaded (it cannot wait for itself): retransformed once built. */
    private final Set<String> missedNames = ConcurrentHashMap.newKeySet();
    private final Instrumentation inst;
    private volatile Thread building;

    DeferredTransformer(Instrumentation inst, ClassSelector selector, InstrumentationPlanner planner,
                        ClassBytesCapture capture, Supplier<ClassFileTransformer> byteBuddy,
                        BiConsumer<String, Throwable> failures) {
        this.inst = inst;
        this.selector = selector;
        this.planner = planner;
        this.capture = capture;
        this.byteBuddy = new FutureTask<>(new java.util.concurrent.Callable<ClassFileTransformer>() {
            @Override
            public ClassFileTransformer call() {
                building = Thread.currentThread();
                try {
                    return byteBuddy.get();
                } finally {
                    building = null;
                }
            }
        }) {
            @Override
            protected void done() {
                retransformMissed();
            }
        };
        this.failures = failures;
    }

    void buildInBackground() {
        Thread t = new Thread(byteBuddy, "stackwatch-instrumenter");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> redefined,
                            ProtectionDomain domain, byte[] classfile) {
        if (internalName == null || !selector.accepts(internalName.replace('/', '.')) || !planner.mayPlan(internalName)) {
            return null;
        }
        try {
            if (!planner.plan(classfile, loader, domain)) {
                return null;
            }
            if (Thread.currentThread() == building) {
                // Byte Buddy's own build loaded a selected class (an included JDK class): after the build.
                missedNames.add(internalName.replace('/', '.'));
                return null;
            }
            ClassFileTransformer bb = byteBuddy();
            capture.offerPlanned(loader, internalName, classfile);
            byte[] out = bb.transform(module, loader, internalName, redefined, domain, classfile);
            if (out != null) {
                transformed.add(internalName.replace('/', '.'));
            }
            return out;
        } catch (ExecutionException buildFailed) {
            failures.accept(internalName.replace('/', '.'), buildFailed.getCause());
            return null;
        } catch (java.lang.instrument.IllegalClassFormatException | RuntimeException | LinkageError unusable) {
            failures.accept(internalName.replace('/', '.'), unusable);
            return null;
        } finally {
            capture.take(loader, internalName);
        }
    }

    private ClassFileTransformer byteBuddy() throws ExecutionException {
        // Runs the build here if the background thread has not started it; else waits for it.
        byteBuddy.run();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return byteBuddy.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void retransformMissed() {
        if (missedNames.isEmpty()) {
            return;
        }
        List<Class<?>> again = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (missedNames.contains(c.getName()) && inst.isModifiableClass(c)) {
                again.add(c);
            }
        }
        try {
            inst.retransformClasses(again.toArray(new Class<?>[0]));
        } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
            failures.accept("(" + again.size() + " classes loaded while the instrumentation was built)", e);
        }
    }

    /** Stops transforming and restores the classes transformed so far. */
    void uninstall(Instrumentation inst) {
        inst.removeTransformer(this);
        List<Class<?>> restore = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (transformed.contains(c.getName()) && inst.isModifiableClass(c)) {
                restore.add(c);
            }
        }
        if (!restore.isEmpty()) {
            try {
                inst.retransformClasses(restore.toArray(new Class<?>[0]));
            } catch (UnmodifiableClassException | RuntimeException e) {
                failures.accept("(restoring " + restore.size() + " classes)", e);
            }
        }
    }
}
