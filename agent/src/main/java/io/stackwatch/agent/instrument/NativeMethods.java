package io.stackwatch.agent.instrument;

import io.stackwatch.agent.graph.LiveCallGraph;

/**
 * Which calls go to a native method of an application class (JNI libraries: compression, crypto,
 * databases): their C frames use the same thread stack, unseen, so a counted method takes a fresh
 * reading in front of each ({@link CountingWeaver}). Known from the live graph, which has the shape of
 * every loaded application class; a class not loaded yet is not known to be native.
 *
 * <p>JDK natives are left alone: most are intrinsics that use no C stack, and some sit in the
 * hottest loops ({@code System.arraycopy}).
 */
final class NativeMethods implements CountingWeaver.NativeCalls {

    private static final String[] SKIPPED_OWNERS = {
            "java/", "javax/", "jdk/", "sun/", "com/sun/", "io/stackwatch/", "[",
    };

    private final LiveCallGraph graph;

    NativeMethods(LiveCallGraph graph) {
        this.graph = graph;
    }

    @Override
    public boolean isNative(String owner, String name, String descriptor) {
        for (String skipped : SKIPPED_OWNERS) {
            if (owner.startsWith(skipped)) {
                return false;
            }
        }
        return graph.isNative(owner, name, descriptor);
    }
}
