package io.stackwatch.agent.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Puts counting code into the counted methods of each class ({@link CountingWeaver}), as it loads and
 * whenever it is retransformed (registered retransformation-capable). With no plan, or an empty one,
 * a class is returned untouched, which is also how a retransformation takes the counting out again.
 */
final class CountingTransformer implements ClassFileTransformer {

    private final Planner planner;
    private final CountingWeaver.NativeCalls natives;
    private final BiConsumer<String, Throwable> failures;
    private final Consumer<String> skipped;
    private final AtomicInteger transformed = new AtomicInteger();
    /** Classes (binary names) given counting code: restored on uninstall. */
    private final Set<String> counted = ConcurrentHashMap.newKeySet();
    private volatile boolean removed;

    CountingTransformer(Planner planner, CountingWeaver.NativeCalls natives, BiConsumer<String, Throwable> failures,
                        Consumer<String> skipped) {
        this.planner = planner;
        this.natives = natives;
        this.failures = failures;
        this.skipped = skipped;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> redefined,
                            ProtectionDomain domain, byte[] classfile) {
        if (internalName == null || removed) {
            return null;
        }
        Map<String, MethodPlan> plan = planner.counted(internalName);
        if (plan.isEmpty()) {
            return null;
        }
        try {
            CountingWeaver.Result r = CountingWeaver.weave(classfile, plan, natives, loader);
            for (String method : r.skipped) {
                skipped.accept(internalName.replace('/', '.') + "#" + method);
            }
            if (r.bytes != null) {
                ClassDump.write(internalName, redefined == null ? "counted" : "recounted", r.bytes);
                transformed.incrementAndGet();
                counted.add(internalName.replace('/', '.'));
            }
            return r.bytes;
        } catch (RuntimeException | LinkageError failed) {
            failures.accept(internalName.replace('/', '.'), failed);
            return null;
        }
    }

    /** From now on every class is returned untouched: a retransformation then removes the counting. */
    void remove() {
        removed = true;
    }

    int transformedClasses() {
        return transformed.get();
    }

    Set<String> countedClasses() {
        return counted;
    }
}
