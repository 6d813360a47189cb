package io.stackwatch.agent.instrument;

import io.stackwatch.agent.classfile.ClassShape;
import io.stackwatch.agent.classfile.FrameCost;
import io.stackwatch.agent.classfile.MethodRef;
import io.stackwatch.agent.classfile.MethodShape;
import io.stackwatch.agent.classfile.ShapeReader;
import net.bytebuddy.jar.asm.Type;

import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts a cycle seen on a real stack (a {@link StackOverflowError}'s trace, a patrol's deep thread)
 * that the bytecode did not show: calls through reflection, proxies, method handles, lambdas or the
 * JDK. A stack trace names methods without their descriptors, so the method is looked up in its loaded
 * class (its class file, or reflection for a class defined without one), and one method per round is
 * counted, as for the cycles the graph finds: the application's own where the cycle has one, else a
 * JDK method when the core can be reached from the JDK.
 */
public final class LearnedCounting {

    /** A frame of a cycle: {@code pkg.Class#method}, as the stack trace names it. */
    private static final char SEPARATOR = '#';
    private static final String AGENT_PACKAGE = "io.stackwatch.";

    private final Instrumentation inst;
    private final ClassSelector selector;
    private final Planner planner;
    private final boolean jdkCountable;

    LearnedCounting(Instrumentation inst, ClassSelector selector, Planner planner, boolean jdkCountable) {
        this.inst = inst;
        this.selector = selector;
        this.planner = planner;
        this.jdkCountable = jdkCountable;
    }

    /** What counting a seen cycle came to. */
    public enum Outcome {
        /** A method of the cycle is counted from now on. */
        COUNTED,
        /** A method of the cycle was counted already: nothing to learn. */
        WATCHED,
        /** No method of the cycle can be counted (generated, hidden, excluded, or unmodifiable classes). */
        NOT_COUNTABLE
    }

    /** The outcome and the methods newly counted. */
    public static final class Result {
        private final Outcome outcome;
        private final List<MethodRef> counted;

        Result(Outcome outcome, List<MethodRef> counted) {
            this.outcome = outcome;
            this.counted = counted;
        }

        public Outcome outcome() {
            return outcome;
        }

        /** The methods counted from now on (empty unless {@link Outcome#COUNTED}). */
        public List<MethodRef> counted() {
            return counted;
        }
    }

    /** @param cycle the cycle's frames, {@code pkg.Class#method}, innermost first */
    Result count(List<String> cycle) {
        for (String frame : cycle) {
            if (frame.startsWith(AGENT_PACKAGE)) {
                // The agent's own code in the cycle: its re-entry, not the application's recursion.
                return new Result(Outcome.NOT_COUNTABLE, Collections.<MethodRef>emptyList());
            }
        }
        for (String frame : cycle) {
            int at = frame.lastIndexOf(SEPARATOR);
            if (at > 0 && planner.watches(frame.substring(0, at).replace('.', '/'), frame.substring(at + 1))) {
                return new Result(Outcome.WATCHED, Collections.<MethodRef>emptyList());
            }
        }
        Map<String, List<Class<?>>> loaded = loadedClasses(cycle);
        // The application's own methods first, those with a class file before generated ones (a proxy):
        // they need no core on the boot class path, and they are what the user recognises in a warning.
        for (Tier tier : Tier.values()) {
            if (tier == Tier.JDK && !jdkCountable) {
                break;
            }
            for (String frame : cycle) {
                int at = frame.lastIndexOf(SEPARATOR);
                String className = frame.substring(0, at);
                for (Class<?> c : loaded.getOrDefault(className, Collections.<Class<?>>emptyList())) {
                    if (!countable(c)) {
                        continue;
                    }
                    ClassShape shape = shapeOf(c, c.getName().replace('.', '/'));
                    if (tierOf(c, shape) == tier) {
                        List<MethodRef> counted = countIn(c, shape, frame.substring(at + 1), cycle.size());
                        if (!counted.isEmpty()) {
                            return new Result(Outcome.COUNTED, counted);
                        }
                    }
                }
            }
        }
        return new Result(Outcome.NOT_COUNTABLE, Collections.<MethodRef>emptyList());
    }

    /** The loaded classes named in the cycle, by binary name (several loaders may define one name). */
    private Map<String, List<Class<?>>> loadedClasses(List<String> cycle) {
        Map<String, List<Class<?>>> out = new HashMap<>();
        for (String frame : cycle) {
            out.put(frame.substring(0, Math.max(0, frame.lastIndexOf(SEPARATOR))), new ArrayList<Class<?>>(1));
        }
        for (Class<?> c : inst.getAllLoadedClasses()) {
            List<Class<?>> named = out.get(c.getName());
            if (named != null) {
                named.add(c);
            }
        }
        return out;
    }

    private boolean countable(Class<?> c) {
        String internal = c.getName().replace('.', '/');
        boolean selected = isJdk(c) ? selector.mayCountJdk(c.getName()) : selector.acceptsInternal(internal);
        return selected && !c.isHidden() && !c.isArray() && !c.isPrimitive() && inst.isModifiableClass(c)
                && planner.retransformable(internal);
    }

    /** The order in which a cycle's classes are tried. */
    private enum Tier { APPLICATION, GENERATED, JDK }

    private static Tier tierOf(Class<?> c, ClassShape shape) {
        return isJdk(c) ? Tier.JDK : shape != null ? Tier.APPLICATION : Tier.GENERATED;
    }

    private static boolean isJdk(Class<?> c) {
        ClassLoader loader = c.getClassLoader();
        return loader == null || loader == ClassLoader.getPlatformClassLoader();
    }

    /** Counts the methods called {@code name} of {@code c} (every overload: the trace does not say which). */
    private List<MethodRef> countIn(Class<?> c, ClassShape shape, String name, int period) {
        String internal = c.getName().replace('.', '/');
        List<MethodRef> methods = new ArrayList<>();
        int ownBytes = JdkRecursion.FRAME_BYTES;
        if (shape != null) {
            for (MethodShape m : shape.methods()) {
                if (m.ref().name().equals(name) && m.countable()) {
                    methods.add(m.ref());
                    ownBytes = Math.max(ownBytes, FrameCost.counted(m));
                }
            }
        } else {
            methods.addAll(reflected(c, internal, name));
        }
        if (methods.isEmpty()) {
            return methods;
        }
        // The other frames of the round are not read (reflection's and the JDK's among them): a
        // typical interpreted frame each.
        int roundBytes = ownBytes + (period - 1) * JdkRecursion.FRAME_BYTES;
        return planner.count(methods, roundBytes, c.getClassLoader());
    }

    /** The class file of a loaded class, read as its loader's resource; null when it has none. */
    private static ClassShape shapeOf(Class<?> c, String internal) {
        ClassLoader loader = c.getClassLoader();
        String resource = internal + ".class";
        try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource) : loader.getResourceAsStream(resource)) {
            return in == null ? null : ShapeReader.read(in.readAllBytes());
        } catch (Exception | LinkageError unreadable) {
            return null;
        }
    }

    /** A class defined without a class file to read: its methods' descriptors from reflection. */
    private static List<MethodRef> reflected(Class<?> c, String internal, String name) {
        List<MethodRef> out = new ArrayList<>();
        try {
            if (name.equals("<init>")) {
                for (Constructor<?> k : c.getDeclaredConstructors()) {
                    out.add(new MethodRef(internal, name, Type.getConstructorDescriptor(k)));
                }
            } else {
                for (Method m : c.getDeclaredMethods()) {
                    if (m.getName().equals(name) && !java.lang.reflect.Modifier.isAbstract(m.getModifiers())
                            && !java.lang.reflect.Modifier.isNative(m.getModifiers())) {
                        out.add(new MethodRef(internal, name, Type.getMethodDescriptor(m)));
                    }
                }
            }
        } catch (RuntimeException | LinkageError unresolvable) {
            // A signature naming a class that cannot be loaded: nothing to count here.
        }
        return out;
    }
}
