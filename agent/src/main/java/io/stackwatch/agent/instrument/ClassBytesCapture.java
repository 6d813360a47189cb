package io.stackwatch.agent.instrument;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;

/**
 * Hands the class file being loaded to the planner. Registered just before Byte Buddy's transformer,
 * it sees the same bytes on the same thread (transformers run in registration order) and only keeps
 * a reference; it never changes a class. Byte Buddy's matcher then plans from exactly these bytes
 * instead of reading the class file a second time.
 */
final class ClassBytesCapture implements ClassFileTransformer {

    /** The class file most recently seen on this thread. */
    static final class Captured {
        final ClassLoader loader;
        final String internalName;
        final byte[] bytes;
        /** Already planned (by the deferred transformer) with planned methods. */
        final boolean planned;

        Captured(ClassLoader loader, String internalName, byte[] bytes, boolean planned) {
            this.loader = loader;
            this.internalName = internalName;
            this.bytes = bytes;
            this.planned = planned;
        }
    }

    private final ThreadLocal<Captured> current = new ThreadLocal<>();
    private final ClassSelector selector;

    ClassBytesCapture(ClassSelector selector) {
        this.selector = selector;
    }

    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> redefined, ProtectionDomain domain,
                            byte[] classfile) {
        if (internalName != null && selector.accepts(internalName.replace('/', '.'))) {
            current.set(new Captured(loader, internalName, classfile, false));
        }
        return null;
    }

    /** Hands over a class file already planned, for Byte Buddy's matcher on this thread. */
    void offerPlanned(ClassLoader loader, String internalName, byte[] classfile) {
        current.set(new Captured(loader, internalName, classfile, true));
    }

    /** The captured class file of this class on this thread, taken out, or null. */
    Captured take(ClassLoader loader, String internalName) {
        Captured c = current.get();
        if (c == null || c.loader != loader || !c.internalName.equals(internalName)) {
            return null;
        }
        current.remove();
        return c;
    }
}
