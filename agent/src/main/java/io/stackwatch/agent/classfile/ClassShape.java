package io.stackwatch.agent.classfile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the agent and the static scan need to know of a class file, read without loading the class
 * ({@link ShapeReader}): its place in a nest and hierarchy, and its methods. The one model of a class
 * file in the project: the planner, the live call graph and the scan all read it.
 */
public final class ClassShape {

    final String name;
    int version;
    int access;
    String superName;
    List<String> interfaces = Collections.emptyList();
    String nestHost;
    final List<String> nestMembers = new ArrayList<>();
    final List<String> innerClasses = new ArrayList<>();
    final List<MethodShape> methods = new ArrayList<>();
    boolean methodParameters;

    ClassShape(String name) {
        this.name = name;
    }

    /** The internal name, {@code com/acme/Tree$Node}. */
    public String name() {
        return name;
    }

    /** The class file's major version (52 = Java 8, 61 = Java 17). */
    public int version() {
        return version;
    }

    public int access() {
        return access;
    }

    /** The superclass's internal name; null for {@code java/lang/Object} (and module-info). */
    public String superName() {
        return superName;
    }

    public List<String> interfaces() {
        return interfaces;
    }

    /** The direct supertypes: the superclass (when there is one) and the interfaces. */
    public List<String> supertypes() {
        List<String> out = new ArrayList<>(interfaces.size() + 1);
        if (superName != null) {
            out.add(superName);
        }
        out.addAll(interfaces);
        return out;
    }

    /** The nest host named by the class file, or null (a host, or a class of an old class file). */
    public String nestHost() {
        return nestHost;
    }

    public List<String> nestMembers() {
        return Collections.unmodifiableList(nestMembers);
    }

    public List<String> innerClasses() {
        return Collections.unmodifiableList(innerClasses);
    }

    public List<MethodShape> methods() {
        return Collections.unmodifiableList(methods);
    }

    /** The method declared with this name and descriptor, or null. */
    public MethodShape method(String methodName, String descriptor) {
        for (MethodShape m : methods) {
            if (m.name().equals(methodName) && m.descriptor().equals(descriptor)) {
                return m;
            }
        }
        return null;
    }

    /**
     * Whether some method carries a {@code MethodParameters} attribute (compiled with
     * {@code javac -parameters}, as Spring Boot 3 applications are): before JDK 19 a retransformation
     * loses it, and the frameworks that read parameter names then fail (JDK-8240908).
     */
    public boolean hasMethodParameters() {
        return methodParameters;
    }

    public boolean isInterface() {
        return (access & Access.INTERFACE) != 0;
    }

    public boolean isAbstract() {
        return (access & Access.ABSTRACT) != 0;
    }

    public boolean isFinal() {
        return (access & Access.FINAL) != 0;
    }

    /** The agent's lean read (see {@link ShapeReader#read}). */
    public static ClassShape read(byte[] bytes) {
        return ShapeReader.read(bytes);
    }

    @Override
    public String toString() {
        return name;
    }
}
