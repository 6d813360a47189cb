package io.stackwatch.agent.instrument;

import io.stackwatch.agent.classfile.Access;
import io.stackwatch.agent.classfile.ClassShape;
import io.stackwatch.agent.classfile.MethodShape;
import io.stackwatch.agent.classfile.ShapeReader;
import io.stackwatch.agent.graph.LiveCallGraph;

import java.io.InputStream;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which calls go to a native method of an application class (JNI libraries: compression, crypto,
 * databases): their C frames use the same thread stack, unseen, so a counted method takes a fresh
 * reading in front of each ({@link CountingWeaver}). Known from the live graph for loaded classes;
 * a class not loaded yet is read once from its class file, through the loader of the calling class.
 *
 * <p>JDK natives are left alone: most are intrinsics that use no C stack, and some sit in the
 * hottest loops ({@code System.arraycopy}).
 */
final class NativeMethods implements CountingWeaver.NativeCalls {

    private static final String[] SKIPPED_OWNERS = {
            "java/", "javax/", "jdk/", "sun/", "com/sun/", "io/stackwatch/", "[",
    };

    private final LiveCallGraph graph;
    /** Native methods ({@code name+descriptor}) of classes read here, by owner. */
    private final Map<String, Set<String>> read = new ConcurrentHashMap<>();

    NativeMethods(LiveCallGraph graph) {
        this.graph = graph;
    }

    @Override
    public boolean isNative(ClassLoader loader, String owner, String name, String descriptor) {
        for (String skipped : SKIPPED_OWNERS) {
            if (owner.startsWith(skipped)) {
                return false;
            }
        }
        if (graph.loaded(owner)) {
            return graph.isNative(owner, name, descriptor);
        }
        Set<String> natives = read.get(owner);
        if (natives == null) {
            natives = nativesOf(loader, owner);
            read.put(owner, natives);
        }
        return natives.contains(name + descriptor);
    }

    private static Set<String> nativesOf(ClassLoader loader, String owner) {
        String resource = owner + ".class";
        try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource) : loader.getResourceAsStream(resource)) {
            if (in == null) {
                return Collections.emptySet();
            }
            ClassShape shape = ShapeReader.read(in.readAllBytes());
            Set<String> natives = new HashSet<>();
            for (MethodShape m : shape.methods()) {
                if ((m.access() & Access.NATIVE) != 0) {
                    natives.add(m.ref().signature());
                }
            }
            return natives.isEmpty() ? Collections.<String>emptySet() : natives;
        } catch (Exception | LinkageError unreadable) {
            return Collections.emptySet();
        }
    }
}
