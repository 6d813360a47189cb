package io.stackwatch.agent.instrument;

import io.stackwatch.agent.classfile.ClassShape;
import io.stackwatch.agent.classfile.FrameCost;
import io.stackwatch.agent.classfile.MethodShape;
import io.stackwatch.agent.config.AgentConfig;
import io.stackwatch.core.tracking.MethodRegistry;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

import java.security.ProtectionDomain;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides, from a class file, which of its methods get advice and with which constants: the methods
 * in a call cycle ({@code select=recursive}), all of them ({@code select=all}), or those a scan
 * report names ({@code select=scan:<file>}), plus every method named in {@code limits}. Plans are
 * kept by method so that the advice's constants can be resolved while Byte Buddy rewrites the class.
 */
final class InstrumentationPlanner {

    private final AgentConfig.Select select;
    private final Map<String, Integer> limitSlots;
    /** With select=scan: the methods the report names ({@code pkg/Class.name(desc)}) and their classes. */
    private final Set<String> scanMethods;
    private final Set<String> scanClasses;
    /** Classes (binary names) with a method in limits. */
    private final Set<String> limitClasses = new HashSet<>();
    private final NestAnalyzer nests = new NestAnalyzer();
    private final CodeSourceCycles libraries;
    /**
     * Whether to look for cycles across the classes of a jar: only when {@code include} names what to
     * watch. Every jar of a large application analysed and its cycles instrumented would cost seconds
     * of start-up (jackson-databind alone: 0.6 s of analysis, 920 methods in cycles).
     */
    private final boolean acrossJars;
    private final Map<String, MethodPlan> plans = new ConcurrentHashMap<>();

    /** @param limitSlots {@code pkg.Class#method} to its slot in the tracker's policy */
    InstrumentationPlanner(AgentConfig.Select select, Map<String, Integer> limitSlots, ClassSelector selector) {
        this(select, limitSlots, selector, Set.of(), Set.of(), null, false);
    }

    InstrumentationPlanner(AgentConfig.Select select, Map<String, Integer> limitSlots, ClassSelector selector,
                           Set<String> scanMethods, Set<String> scanClasses, org.slf4j.Logger log, boolean acrossJars) {
        this.select = select;
        this.limitSlots = limitSlots;
        this.libraries = new CodeSourceCycles(selector, log);
        this.acrossJars = acrossJars;
        this.scanMethods = scanMethods;
        this.scanClasses = scanClasses;
        for (String name : limitSlots.keySet()) {
            limitClasses.add(name.substring(0, name.indexOf('#')));
        }
    }

    /**
     * Whether a class may have planned methods, by its internal name alone: with a scan report, only
     * the classes it names (and those with limits) can, and no other class file is read.
     */
    boolean mayPlan(String internalName) {
        return select != AgentConfig.Select.SCAN || scanClasses.contains(internalName)
                || limitClasses.contains(internalName.replace('/', '.'));
    }

    /** Plans the class; returns whether any method of it is to be instrumented. */
    boolean plan(byte[] classfile, ClassLoader loader, ProtectionDomain domain) {
        ClassShape shape = ClassShape.read(classfile);
        Map<String, Integer> recursive = Map.of();
        Map<String, Integer> acrossClasses = Map.of();
        if (select == AgentConfig.Select.RECURSIVE) {
            // Cycles within the class's nest (always), and across the classes of its jar.
            recursive = nests.recursiveMethods(shape, loader);
            if (acrossJars) {
                acrossClasses = libraries.recursiveMethods(domain);
            }
        }
        String className = shape.name().replace('/', '.');
        boolean any = false;
        for (MethodShape m : shape.methods()) {
            if (!m.instrumentable()) {
                continue;
            }
            String name = className + "#" + m.name();
            Integer slot = limitSlots.get(name);
            int frameBytes = FrameCost.counted(m);
            boolean selected;
            if (select == AgentConfig.Select.RECURSIVE) {
                // One counted method per round of each cycle, charged the round's bytes. The nest's
                // and the jar's answers are unioned: more counted methods than needed, never fewer.
                int round = Math.max(recursive.getOrDefault(m.key(), 0), acrossClasses.getOrDefault(m.key(), 0));
                selected = round > 0;
                frameBytes = Math.max(frameBytes, round);
            } else {
                selected = select == AgentConfig.Select.ALL || scanMethods.contains(m.key());
            }
            if (slot == null && !selected) {
                continue;
            }
            plans.put(m.key(), new MethodPlan(MethodRegistry.register(name), frameBytes, slot == null ? -1 : slot));
            any = true;
        }
        return any;
    }

    /**
     * Reads one of the agent's own class files as a plan would (recording nothing), so that ASM's and
     * the planner's classes are loaded on a background thread, not by the application's first class
     * (the main class waited some 30 ms for them, measured).
     */
    void warmUp() {
        try (java.io.InputStream in = InstrumentationPlanner.class.getResourceAsStream("InstrumentationPlanner.class")) {
            if (in != null) {
                nests.recursiveMethods(ClassShape.read(in.readAllBytes()), InstrumentationPlanner.class.getClassLoader());
            }
        } catch (java.io.IOException | RuntimeException | LinkageError ignored) {
            // Only a warm-up: the first real plan loads what it needs.
        }
    }

    /** The plan of a method being rewritten, or null when it is not to be instrumented. */
    MethodPlan lookup(TypeDescription type, MethodDescription method) {
        return plans.get(type.getInternalName() + "." + method.getInternalName() + method.getDescriptor());
    }

    int plannedMethods() {
        return plans.size();
    }
}
