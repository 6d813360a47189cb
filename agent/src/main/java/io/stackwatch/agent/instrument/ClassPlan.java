package io.stackwatch.agent.instrument;

import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the agent instruments one class: the methods whose cycles carry their depth in a parameter
 * (decided once, when the class loads, and fixed from then on: the overloads are part of the class),
 * and the methods with counting code (which can grow later, by retransformation). Keyed by
 * {@code name+descriptor}.
 */
final class ClassPlan {

    static final ClassPlan NONE = new ClassPlan(Collections.<String, DepthPlan>emptyMap());

    final Map<String, DepthPlan> rewritten;
    final Map<String, MethodPlan> counted = new ConcurrentHashMap<>();

    ClassPlan(Map<String, DepthPlan> rewritten) {
        this.rewritten = rewritten;
    }

    boolean isEmpty() {
        return rewritten.isEmpty() && counted.isEmpty();
    }
}
