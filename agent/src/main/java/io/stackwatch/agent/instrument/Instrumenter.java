package io.stackwatch.agent.instrument;

import io.stackwatch.agent.config.AgentConfig;
import io.stackwatch.core.tracking.Tracker;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;
import org.slf4j.Logger;

import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Installs the advice: a name check first (cheap, every class), then a plan from the class file
 * (only classes the name check accepts), then Byte Buddy rewrites the planned methods. Classes
 * already loaded (JDK classes at start-up, everything when attached later) are retransformed.
 */
public final class Instrumenter {

    private static final String NEXUS_DISABLED = "net.bytebuddy.nexus.disabled";

    private final Logger log;
    private final ClassSelector selector;
    private final InstrumentationPlanner planner;
    private final ClassBytesCapture capture;
    private final AtomicInteger instrumented = new AtomicInteger();
    private final Set<String> failed = ConcurrentHashMap.newKeySet();
    private final boolean nativeReadings;

    private Instrumenter(AgentConfig config, Logger log) {
        this.log = log;
        this.selector = new ClassSelector(config.include(), config.exclude());
        Map<String, Integer> slots = new LinkedHashMap<>();
        for (String name : config.limits().keySet()) {
            slots.put(name, slots.size());
        }
        this.planner = config.scanFile() == null
                ? new InstrumentationPlanner(config.select(), slots, selector, java.util.Set.of(), java.util.Set.of(), log,
                !config.include().isEmpty())
                : new InstrumentationPlanner(config.select(), slots, selector, config.scanFile().methodKeys(),
                config.scanFile().classNames(), log, false);
        this.capture = new ClassBytesCapture(selector);
        this.nativeReadings = config.nativeReadings();
    }

    /**
     * Installs the instrumentation; returns the handle that can remove it again. Classes already
     * loaded are retransformed when {@code retransformLoaded} (attached late) or when the selection
     * accepts one of them (JDK classes named by {@code include}).
     */
    public static Installed install(Instrumentation inst, AgentConfig config, Logger log, boolean retransformLoaded) {
        Instrumenter i = new Instrumenter(config, log);
        // We never use Byte Buddy's Nexus (InitializationStrategy.NoOp); disabling it keeps the
        // AgentBuilder from probing sun.misc.Unsafe, which JDK 24+ warns about. The name is our
        // relocated copy's, so the host's own Byte Buddy is unaffected.
        if (System.getProperty(NEXUS_DISABLED) == null) {
            System.setProperty(NEXUS_DISABLED, "true");
        }
        retransformLoaded = retransformLoaded || i.anySelectedLoaded(inst);
        if (!retransformLoaded) {
            // Nothing to retransform: Byte Buddy (some 900 classes, the advice's class files) is built
            // on a background thread while the application starts, and only a class with planned
            // methods ever waits for it.
            // Anonymous classes, not lambdas: no call sites to link on the way to main.
            DeferredTransformer deferred = new DeferredTransformer(inst, i.selector, i.planner, i.capture,
                    new java.util.function.Supplier<java.lang.instrument.ClassFileTransformer>() {
                        @Override
                        public java.lang.instrument.ClassFileTransformer get() {
                            i.planner.warmUp();
                            return i.builder(false).assureReadEdgeTo(inst, Tracker.class).makeRaw();
                        }
                    }, new java.util.function.BiConsumer<String, Throwable>() {
                        @Override
                        public void accept(String className, Throwable failure) {
                            i.reportFailure(className, failure);
                        }
                    });
            inst.addTransformer(deferred, true);
            deferred.buildInBackground();
            return new Installed(inst, i, null, deferred);
        }
        // Same capability as Byte Buddy's transformer: the JVM runs retransform-incapable transformers
        // before capable ones, and the capture must run first.
        inst.addTransformer(i.capture, retransformLoaded);
        ResettableClassFileTransformer transformer = i.builder(retransformLoaded)
                // Advice in JDK classes (named modules) calls the tracker in the boot loader's unnamed module.
                .assureReadEdgeTo(inst, Tracker.class)
                .installOn(inst);
        return new Installed(inst, i, transformer, null);
    }

    /** Whether a class the selection accepts is loaded already (JDK classes at premain, when included). */
    private boolean anySelectedLoaded(Instrumentation inst) {
        // Without include, classes of the boot and platform loaders are the JDK's (and the core's):
        // never selected, so their names (made on demand by the VM) need not be asked for.
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        boolean jdkSelectable = selector.mayAcceptJdk();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (!jdkSelectable) {
                ClassLoader l = c.getClassLoader();
                if (l == null || l == platform) {
                    continue;
                }
            }
            if (!c.isArray() && !c.isPrimitive() && selector.accepts(c.getName())) {
                return true;
            }
        }
        return false;
    }

    private AgentBuilder.Identified.Extendable builder(boolean retransformLoaded) {
        Advice recursion = advice(planner).to(RecursionAdvice.class);
        Advice limited = advice(planner).to(LimitedRecursionAdvice.class);
        // Readings in front of native calls only where they can be taken.
        AsmVisitorWrapper nativeCalls = nativeReadings
                ? new AsmVisitorWrapper.ForDeclaredMethods().invokable(anyPlannedMethod(), new NativeCallSites(planner))
                : AsmVisitorWrapper.NoOp.INSTANCE;
        return new AgentBuilder.Default()
                .disableClassFormatChanges()
                // At premain with the default selection nothing instrumentable is loaded yet; scanning
                // every loaded class for retransformation would only cost start-up time.
                .with(retransformLoaded ? AgentBuilder.RedefinitionStrategy.RETRANSFORMATION
                        : AgentBuilder.RedefinitionStrategy.DISABLED)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(new Listener())
                .ignore(new NotSelected())
                .type(new Planned())
                .transform(new WithAdvice(recursion, limited, nativeCalls));
    }

    /**
     * Puts the advice on a planned class's methods. Classes, not lambdas, here and in the matchers
     * below: they run while the application's classes load, main's own among them.
     */
    private final class WithAdvice implements AgentBuilder.Transformer {
        private final Advice recursion;
        private final Advice limited;
        private final AsmVisitorWrapper nativeCalls;

        WithAdvice(Advice recursion, Advice limited, AsmVisitorWrapper nativeCalls) {
            this.recursion = recursion;
            this.limited = limited;
            this.nativeCalls = nativeCalls;
        }

        @Override
        public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type, ClassLoader loader,
                                                JavaModule module, ProtectionDomain domain) {
            return builder.visit(recursion.on(plannedMethod(type, false)))
                    .visit(limited.on(plannedMethod(type, true)))
                    .visit(nativeCalls);
        }
    }

    private static Advice.WithCustomMapping advice(InstrumentationPlanner planner) {
        return Advice.withCustomMapping()
                .bind(MethodId.class, new PlannedConstant(planner, PlannedConstant.Kind.METHOD_ID))
                .bind(FrameBytes.class, new PlannedConstant(planner, PlannedConstant.Kind.FRAME_BYTES))
                .bind(LimitSlot.class, new PlannedConstant(planner, PlannedConstant.Kind.LIMIT_SLOT));
    }

    private ElementMatcher<MethodDescription> anyPlannedMethod() {
        return new ElementMatcher<MethodDescription>() {
            @Override
            public boolean matches(MethodDescription method) {
                return planner.lookup(method.getDeclaringType().asErasure(), method) != null;
            }
        };
    }

    /**
     * The planned methods of {@code type} itself. Byte Buddy describes a visibility bridge (a public
     * class re-declaring a public method of its package-private superclass) by the superclass's
     * method, whose plan would otherwise be looked up and then not found for this class.
     */
    private ElementMatcher<MethodDescription> plannedMethod(TypeDescription type, boolean limited) {
        return new ElementMatcher<MethodDescription>() {
            @Override
            public boolean matches(MethodDescription method) {
                if (!method.getDeclaringType().asErasure().equals(type)) {
                    return false;
                }
                MethodPlan plan = planner.lookup(type, method);
                return plan != null && (plan.limitSlot >= 0) == limited;
            }
        };
    }

    /** Classes the agent must not or need not touch, decided by name alone. */
    private final class NotSelected implements AgentBuilder.RawMatcher {
        @Override
        public boolean matches(TypeDescription type, ClassLoader loader, JavaModule module, Class<?> redefined,
                               ProtectionDomain domain) {
            return !selector.accepts(type.getName());
        }
    }

    /** Classes with at least one planned method, decided from the class file being loaded. */
    private final class Planned implements AgentBuilder.RawMatcher {
        @Override
        public boolean matches(TypeDescription type, ClassLoader loader, JavaModule module, Class<?> redefined,
                               ProtectionDomain domain) {
            ClassBytesCapture.Captured c = capture.take(loader, type.getInternalName());
            if (!planner.mayPlan(type.getInternalName())) {
                return false;
            }
            if (c == null) {
                // Deciding which loaded classes to retransform: the class file comes with the retransformation.
                return redefined != null;
            }
            if (c.planned) {
                return true;
            }
            try {
                return planner.plan(c.bytes, loader, domain);
            } catch (RuntimeException | LinkageError unreadable) {
                reportFailure(type.getName(), unreadable);
                return false;
            }
        }
    }

    private final class Listener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            instrumented.incrementAndGet();
            log.debug("instrumented {}", type.getName());
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
            reportFailure(typeName, error);
        }
    }

    private void reportFailure(String typeName, Throwable error) {
        if (failed.add(typeName)) {
            log.warn("could not instrument {} ({}); it runs unchanged, everything else goes on", typeName, error.toString());
        }
    }

    /** The installed instrumentation. */
    public static final class Installed {
        private final Instrumentation inst;
        private final Instrumenter instrumenter;
        private final ResettableClassFileTransformer transformer;
        private final DeferredTransformer deferred;

        Installed(Instrumentation inst, Instrumenter instrumenter, ResettableClassFileTransformer transformer,
                  DeferredTransformer deferred) {
            this.inst = inst;
            this.instrumenter = instrumenter;
            this.transformer = transformer;
            this.deferred = deferred;
        }

        /** Classes rewritten so far. */
        public int instrumentedClasses() {
            return instrumenter.instrumented.get();
        }

        /** Methods planned for instrumentation so far. */
        public int plannedMethods() {
            return instrumenter.planner.plannedMethods();
        }

        /** Classes that failed to instrument. */
        public int failedClasses() {
            return instrumenter.failed.size();
        }

        /** Removes the advice from every class and stops transforming new ones. */
        public void uninstall() {
            if (deferred != null) {
                deferred.uninstall(inst);
                return;
            }
            inst.removeTransformer(instrumenter.capture);
            transformer.reset(inst, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
        }
    }
}
