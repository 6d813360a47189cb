package io.stackwatch.agent.instrument;

import io.stackwatch.agent.bytecode.ClassShape;
import io.stackwatch.agent.config.AgentConfig;
import io.stackwatch.core.tracking.MethodRegistry;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides, from a class file, which of its methods get advice and with which constants: the methods
 * in a call cycle ({@code select=recursive}) or all of them ({@code select=all}), plus every method
 * named in {@code limits}. Plans are kept by method so that the advice's constants can be resolved
 * while Byte Buddy rewrites the class.
 */
final class InstrumentationPlanner {

    private final AgentConfig.Select select;
    private final Map<String, Integer> limitSlots;
    private final NestAnalyzer nests = new NestAnalyzer();
    private final Map<String, MethodPlan> plans = new ConcurrentHashMap<>();

    /** @param limitSlots {@code pkg.Class#method} to its slot in the tracker's policy */
    InstrumentationPlanner(AgentConfig.Select select, Map<String, Integer> limitSlots) {
        this.select = select;
        this.limitSlots = limitSlots;
    }

    /** Plans the class; returns whether any method of it is to be instrumented. */
    boolean plan(byte[] classfile, ClassLoader loader) {
        ClassShape shape = ClassShape.read(classfile);
        Set<String> recursive = select == AgentConfig.Select.RECURSIVE ? nests.recursiveMethods(shape, loader) : Set.of();
        String className = shape.name.replace('/', '.');
        boolean any = false;
        for (ClassShape.MethodShape m : shape.methods()) {
            if (!m.instrumentable()) {
                continue;
            }
            String name = className + "#" + m.name;
            Integer slot = limitSlots.get(name);
            if (slot == null && select != AgentConfig.Select.ALL && !recursive.contains(m.key())) {
                continue;
            }
            int frameBytes = FrameCostEstimator.interpretedFrameBytes(m.maxLocals, m.maxStack);
            plans.put(m.key(), new MethodPlan(MethodRegistry.register(name), frameBytes, slot == null ? -1 : slot));
            any = true;
        }
        return any;
    }

    /** The plan of a method being rewritten, or null when it is not to be instrumented. */
    MethodPlan lookup(TypeDescription type, MethodDescription method) {
        return plans.get(type.getInternalName() + "." + method.getInternalName() + method.getDescriptor());
    }

    int plannedMethods() {
        return plans.size();
    }
}
