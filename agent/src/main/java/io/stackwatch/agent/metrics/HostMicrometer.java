package io.stackwatch.agent.metrics;

import org.slf4j.Logger;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * Puts the agent's meters into the application's own Micrometer, whatever its version, with no code
 * change: when a class loader loads the application's {@code io.micrometer.core.instrument.Metrics},
 * the meters are registered in its {@code Metrics.globalRegistry} (Spring Boot adds its registry
 * there by default) through reflection on the application's API. Values cross the class loaders as
 * JDK types only ({@link ToDoubleFunction}), so the agent's shaded Micrometer never meets the host's.
 *
 * <p>Watching costs one string compare per class load (the transformer never changes a class); the
 * registration runs on the agent's metrics thread, never on the thread that loaded the class.
 */
public final class HostMicrometer implements ClassFileTransformer {

    // Built at run time: the shade plugin rewrites every string constant that starts with Micrometer's
    // package to the agent's relocated copy, and these must name the application's own classes.
    static final String API_PACKAGE = String.join(".", "io", "micrometer", "core", "instrument");
    static final String METRICS_CLASS = API_PACKAGE + ".Metrics";
    private static final String METRICS_INTERNAL = METRICS_CLASS.replace('.', '/');

    private final StackwatchMeters meters;
    private final Executor metricsThread;
    private final Logger log;
    private final Set<ClassLoader> seen = Collections.newSetFromMap(Collections.synchronizedMap(new WeakHashMap<>()));

    public HostMicrometer(StackwatchMeters meters, Executor metricsThread, Logger log) {
        this.meters = meters;
        this.metricsThread = metricsThread;
        this.log = log;
    }

    /** Watches class loading from now on, and looks among the classes already loaded (an attach to a running JVM). */
    public void install(Instrumentation inst) {
        inst.addTransformer(this, false);
        metricsThread.execute(() -> {
            for (Class<?> c : inst.getAllLoadedClasses()) {
                if (c.getName().equals(METRICS_CLASS)) {
                    found(c.getClassLoader());
                }
            }
        });
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (classBeingRedefined == null && METRICS_INTERNAL.equals(className)) {
            // Only hand over: the class is not defined yet, and this is the application's thread.
            metricsThread.execute(() -> found(loader));
        }
        return null;
    }

    private void found(ClassLoader loader) {
        if (!seen.add(loader == null ? HostMicrometer.class.getClassLoader() : loader)) {
            return;
        }
        try {
            Host host = new Host(loader);
            for (MeterSpec spec : meters.fixed()) {
                host.register(spec);
            }
            for (MeterSpec spec : meters.rankedPeaks()) {
                host.register(spec);
            }
            meters.addLateListener(host::register);
            meters.events().addListener((kind, method, count) -> host.register(
                    MeterSpec.counter(kind.meter(), kind.description(), null, count::doubleValue, "method", method)));
            log.info("meters registered in the application's Micrometer {} (Metrics.globalRegistry)", host.version);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            log.warn("cannot register the meters in the application's Micrometer ({}); the agent goes on without it", e.toString());
        }
    }

    /** The application's Micrometer API, reached through its class loader. */
    private static final class Host {
        private final Object globalRegistry;
        private final Class<?> registryType;
        private final Method gaugeBuilder;
        private final Method counterBuilder;
        private final String version;
        // Micrometer holds a function counter's object weakly: keep what the host's meters read.
        private final Map<MeterSpec, Object> registered = Collections.synchronizedMap(new java.util.LinkedHashMap<>());

        Host(ClassLoader loader) throws ReflectiveOperationException {
            Class<?> metrics = Class.forName(METRICS_CLASS, true, loader);
            globalRegistry = metrics.getField("globalRegistry").get(null);
            registryType = Class.forName(API_PACKAGE + ".MeterRegistry", false, loader);
            gaugeBuilder = Class.forName(API_PACKAGE + ".Gauge", false, loader)
                    .getMethod("builder", String.class, Object.class, ToDoubleFunction.class);
            counterBuilder = Class.forName(API_PACKAGE + ".FunctionCounter", false, loader)
                    .getMethod("builder", String.class, Object.class, ToDoubleFunction.class);
            Package p = metrics.getPackage();
            String v = p == null ? null : p.getImplementationVersion();
            version = v == null ? "" : v;
        }

        void register(MeterSpec spec) {
            try {
                ToDoubleFunction<MeterSpec> read = MeterSpec::value;
                Method builder = spec.type() == MeterSpec.Type.GAUGE ? gaugeBuilder : counterBuilder;
                Object b = builder.invoke(null, spec.name(), spec, read);
                b = call(b, "description", String.class, spec.description());
                if (spec.baseUnit() != null) {
                    b = call(b, "baseUnit", String.class, spec.baseUnit());
                }
                b = call(b, "tags", String[].class, (Object) spec.tagArray());
                registered.put(spec, spec);
                b.getClass().getMethod("register", registryType).invoke(b, globalRegistry);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("registering " + spec + ": " + e, e);
            }
        }

        private static Object call(Object builder, String name, Class<?> type, Object arg) throws ReflectiveOperationException {
            return builder.getClass().getMethod(name, type).invoke(builder, arg);
        }
    }
}
