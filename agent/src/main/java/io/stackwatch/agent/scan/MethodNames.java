package io.stackwatch.agent.scan;

import io.stackwatch.agent.classfile.ClassShape;
import io.stackwatch.agent.classfile.MethodShape;
import io.stackwatch.agent.classfile.Descriptors;

/** How methods and fields are named in reports: {@code pkg.Class#method}, as the agent's arguments name them. */
final class MethodNames {

    private MethodNames() {
    }

    /** {@code org.acme.Tree$Node} */
    static String className(MethodShape m) {
        return m.owner().replace('/', '.');
    }

    /** {@code org.acme.Tree$Node#walk}: the form {@code limits=} and the event log use. */
    static String qualified(MethodShape m) {
        return className(m) + "#" + m.name();
    }

    /** {@code Tree$Node#walk} */
    static String shortName(MethodShape m) {
        return simpleClass(m.owner()) + "#" + m.name();
    }

    /** {@code org.acme.Tree$Node#walk(Node, int)} */
    static String withArguments(MethodShape m) {
        return qualified(m) + Descriptors.simpleArguments(m.descriptor());
    }

    /** {@code org/acme/Parser.depth} → {@code Parser.depth} */
    static String fieldName(String field) {
        int dot = field.lastIndexOf('.');
        return simpleClass(field.substring(0, dot)) + field.substring(dot);
    }

    private static String simpleClass(String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1);
    }
}
