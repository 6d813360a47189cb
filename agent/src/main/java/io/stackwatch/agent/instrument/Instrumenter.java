package io.stackwatch.agent.instrument;

import io.stackwatch.agent.classfile.ClassShape;
import io.stackwatch.agent.classfile.MethodRef;
import io.stackwatch.agent.classfile.ShapeReader;
import io.stackwatch.agent.config.AgentConfig;
import io.stackwatch.agent.graph.LiveCallGraph;
import org.slf4j.Logger;

import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Installs the agent's two transformers and brings the classes loaded before it up to date.
 *
 * <p>{@link LoadTimeRewriter} (not retransformation-capable) sees each class first as it loads:
 * shape, plan, depth parameters. {@link CountingTransformer} (retransformation-capable) then puts the
 * counting code in, as the class loads and whenever a later plan reaches a loaded class. Nothing here
 * builds a code generator at start-up: the class files are read and written with ASM's visitors
 * (Byte Buddy's copy), which is what keeps the start of a large application cheap.
 */
public final class Instrumenter {

    private final Logger log;
    private final ClassSelector selector;
    private final Retransformer retransformer;
    private final Planner planner;
    private final LoadTimeRewriter loadTime;
    private final CountingTransformer counting;
    private final LearnedCounting learned;
    /** Null when the core is not on the boot class path (the JDK's code could not call it). */
    private final SightingHooks sightings;
    private final Set<String> failed = ConcurrentHashMap.newKeySet();
    private final Set<String> skipped = ConcurrentHashMap.newKeySet();

    private Instrumenter(Instrumentation inst, AgentConfig config, Logger log, boolean coreOnBootstrap) {
        this.log = log;
        this.selector = new ClassSelector(config.include(), config.exclude());
        BiConsumer<String, Throwable> failures = new BiConsumer<String, Throwable>() {
            @Override
            public void accept(String className, Throwable failure) {
                reportFailure(className, failure);
            }
        };
        this.retransformer = new Retransformer(inst, failures);
        this.planner = new Planner(config, selector, retransformer);
        NativeMethods natives = config.nativeReadings() ? new NativeMethods(planner.graph()) : null;
        this.loadTime = new LoadTimeRewriter(selector, planner, natives, failures);
        this.counting = new CountingTransformer(planner, natives, failures, new Consumer<String>() {
            @Override
            public void accept(String method) {
                if (skipped.add(method)) {
                    log.info("left {} without counting: its returns leave other values on the operand stack", method);
                }
            }
        });
        this.learned = new LearnedCounting(inst, selector, planner, coreOnBootstrap);
        this.sightings = coreOnBootstrap ? new SightingHooks() : null;
    }

    /**
     * Installs the instrumentation; returns the handle that can remove it again. Classes loaded
     * already are read from their class files and retransformed where a plan reaches them: all the
     * selected ones when {@code retransformLoaded} (attached to a running JVM) or when {@code include}
     * names JDK classes, and the JDK's own recursion sites always.
     *
     * @param coreOnBootstrap whether the JDK's classes can call the core: only then are the JDK's own
     *                        recursion sites counted and the JDK's overflow sightings hooked
     */
    public static Installed install(Instrumentation inst, AgentConfig config, Logger log, boolean retransformLoaded,
                                    boolean coreOnBootstrap) {
        Instrumenter i = new Instrumenter(inst, config, log, coreOnBootstrap);
        if (coreOnBootstrap) {
            i.planner.countJdk(JdkRecursion.load(), i.selector);
        }
        // Before any transformer runs: the rewriters' classes are loaded here, on this thread. Loaded on
        // a background thread instead, a class the application loads at the same time deadlocks the JVM:
        // the agent jar is last on the class path, so the background load waits for the monitor of an
        // application jar that the loading thread holds while it verifies the jar's signature (janino's
        // jar is signed), and that thread's transform waits for the class the background load holds.
        i.warmUp();
        inst.addTransformer(i.loadTime, false);
        inst.addTransformer(i.counting, true);
        if (i.sightings != null) {
            inst.addTransformer(i.sightings, true);
        }
        boolean readLoaded = retransformLoaded || i.selector.mayAcceptJdk();
        if (readLoaded) {
            // Attached to a running application (or told to watch JDK classes): what is loaded is the
            // application, and it is brought up to date before the command returns.
            i.retransformer.retransform(i.readLoaded(inst));
            i.hookSightings(inst);
        } else {
            // At premain the loaded classes are the JDK's: its recursion sites are retransformed on a
            // background thread.
            Thread t = new Thread(new Runnable() {
                @Override
                public void run() {
                    // The hooks first: two classes, and from then on no overflow goes unseen.
                    i.hookSightings(inst);
                    i.retransformer.retransform(i.loadedWithPlans(inst));
                }
            }, "stackwatch-instrumenter");
            t.setDaemon(true);
            t.start();
        }
        return new Installed(inst, i);
    }

    /** Puts the sighting hooks into the JDK's {@code Throwable} and {@code Thread}. */
    private void hookSightings(Instrumentation inst) {
        if (sightings != null) {
            List<Class<?>> hooked = new ArrayList<>(2);
            hooked.add(Throwable.class);
            hooked.add(Thread.class);
            retransformer.retransform(hooked);
        }
    }

    /** The loaded classes with counted methods (the JDK's recursion sites among them). */
    private List<Class<?>> loadedWithPlans(Instrumentation inst) {
        Set<String> counted = planner.countedClasses();
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            String internal = c.getName().replace('.', '/');
            if (!c.isArray() && !c.isPrimitive() && counted.contains(internal) && planner.retransformable(internal)
                    && inst.isModifiableClass(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** Every selected loaded class read into the plan; returns the loaded classes with counted methods. */
    private List<Class<?>> readLoaded(Instrumentation inst) {
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (!c.isArray() && !c.isPrimitive() && inst.isModifiableClass(c) && selector.accepts(c.getName())) {
                readLoaded(c, c.getName().replace('.', '/'));
            }
        }
        return loadedWithPlans(inst);
    }

    /**
     * Runs the reader, the graph and both rewriters once on one of the agent's own class files, so
     * that their classes are loaded before the application's first class with a cycle needs them.
     */
    private void warmUp() {
        TransformerClasses.preload();
        try (InputStream in = Instrumenter.class.getResourceAsStream("WarmUpCycle.class")) {
            if (in == null) {
                return;
            }
            byte[] bytes = in.readAllBytes();
            ClassShape shape = ShapeReader.read(bytes);
            new LiveCallGraph(new LiveCallGraph.Scope() {
                @Override
                public boolean follows(String internalName) {
                    return true;
                }
            }).add(shape, java.util.Collections.<String>emptySet());
            java.util.Map<String, DepthPlan> depth = new java.util.HashMap<>();
            java.util.Map<String, MethodPlan> counted = new java.util.HashMap<>();
            for (String sig : ClosedCalls.cycleMembers(shape)) {
                depth.put(sig, new DepthPlan(-1, 100, 63, 100));
                counted.put(sig, new MethodPlan(-1, 100, -1));
            }
            net.bytebuddy.jar.asm.ClassWriter w = new net.bytebuddy.jar.asm.ClassWriter(0);
            new net.bytebuddy.jar.asm.ClassReader(bytes).accept(new DepthParameter(w, shape, depth),
                    net.bytebuddy.jar.asm.ClassReader.EXPAND_FRAMES);
            CountingWeaver.weave(bytes, counted, null);
        } catch (Exception | LinkageError ignored) {
            // Only a warm-up: the first real class loads what it needs.
        }
    }

    /** A class loaded before the agent: its class file, read as a resource of its loader, into the plan. */
    private void readLoaded(Class<?> c, String internal) {
        ClassLoader loader = c.getClassLoader();
        String resource = internal + ".class";
        try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource) : loader.getResourceAsStream(resource)) {
            if (in == null) {
                return; // generated at run time: no class file to read
            }
            ClassShape shape = ShapeReader.read(in.readAllBytes());
            planner.planLoad(shape, loader, false);
        } catch (Exception | LinkageError unreadable) {
            reportFailure(c.getName(), unreadable);
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

        Installed(Instrumentation inst, Instrumenter instrumenter) {
            this.inst = inst;
            this.instrumenter = instrumenter;
        }

        /** Classes rewritten so far (counting code or depth parameters). */
        public int instrumentedClasses() {
            return instrumenter.counting.transformedClasses() + instrumenter.planner.rewrittenClasses();
        }

        /** Methods planned for instrumentation so far. */
        public int plannedMethods() {
            return instrumenter.planner.plannedMethods();
        }

        /** Methods whose cycles carry their depth in a parameter. */
        public int rewrittenMethods() {
            return instrumenter.planner.rewrittenMethods();
        }

        /** Classes that failed to instrument. */
        public int failedClasses() {
            return instrumenter.failed.size();
        }

        /** The live call graph's figures. */
        public LiveCallGraph.Stats graph() {
            return instrumenter.planner.graph().stats();
        }

        /**
         * Counts a cycle seen on a real stack ({@code pkg.Class#method} frames, innermost first) that
         * nothing counts yet; its classes are retransformed in the background.
         */
        public LearnedCounting.Result learn(List<String> cycle) {
            return instrumenter.learned.count(cycle);
        }

        /** Waits until every retransformation asked for so far is done (tests, detach). */
        public boolean awaitRetransformations(long timeoutMillis) throws InterruptedException {
            return instrumenter.retransformer.awaitIdle(timeoutMillis);
        }

        /**
         * Removes the counting code from every class and stops transforming new ones. Methods given a
         * depth parameter keep it (a class cannot lose methods): their calls to the tracker are idle
         * once the agent is detached.
         */
        public void uninstall() {
            instrumenter.retransformer.stop();
            instrumenter.counting.remove();
            if (instrumenter.sightings != null) {
                instrumenter.sightings.remove();
            }
            inst.removeTransformer(instrumenter.loadTime);
            Set<String> restore = instrumenter.counting.countedClasses();
            List<Class<?>> classes = new ArrayList<>();
            int kept = 0;
            for (Class<?> c : inst.getAllLoadedClasses()) {
                if (restore.contains(c.getName()) && inst.isModifiableClass(c)) {
                    if (instrumenter.planner.retransformable(c.getName().replace('.', '/'))) {
                        classes.add(c);
                    } else {
                        kept++;
                    }
                }
            }
            if (kept > 0) {
                // Idle once detached: the tracker counts their calls and judges nothing.
                instrumenter.log.info("{} classes keep their counting code: retransforming them would drop their parameter "
                        + "names on this JDK (JDK-8240908, fixed in 19)", kept);
            }
            if (instrumenter.sightings != null) {
                for (Class<?> hooked : new Class<?>[]{Throwable.class, Thread.class}) {
                    if (!classes.contains(hooked)) {
                        classes.add(hooked);
                    }
                }
            }
            instrumenter.retransformer.retransform(classes);
            inst.removeTransformer(instrumenter.counting);
            if (instrumenter.sightings != null) {
                inst.removeTransformer(instrumenter.sightings);
            }
        }
    }
}
