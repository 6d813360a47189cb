package io.stackwatch.core.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The thread's real frames, innermost first, captured with {@link StackWalker} on the cold path.
 * Capturing only copies references; names are formatted later, off the instrumented thread.
 */
public final class CapturedStack {

    private static final StackWalker WALKER = StackWalker.getInstance();
    private static final String CORE_PREFIX = "io.stackwatch.core.";

    private final StackWalker.StackFrame[] frames;

    private CapturedStack(StackWalker.StackFrame[] frames) {
        this.frames = frames;
    }

    /**
     * Walks the calling thread's stack, leaving out stackwatch's own frames. Returns null when the
     * walk itself fails (for example when it would overflow the stack it is walking).
     */
    public static CapturedStack capture() {
        try {
            Collector collector = new Collector();
            WALKER.forEach(collector);
            return new CapturedStack(collector.frames.toArray(new StackWalker.StackFrame[0]));
        } catch (Throwable walkFailed) {
            // A StackOverflowError here belongs to us, not to the host: drop the capture, keep going.
            return null;
        }
    }

    public int size() {
        return frames.length;
    }

    /** {@code pkg.Class#method} of frame {@code i} (0 = innermost). */
    public String method(int i) {
        return frames[i].getClassName() + "#" + frames[i].getMethodName();
    }

    /** {@code pkg.Class#method:line} of frame {@code i}, the line left out when unknown. */
    public String location(int i) {
        int line = frames[i].getLineNumber();
        return line > 0 ? method(i) + ":" + line : method(i);
    }

    /** Method names of all frames, innermost first. */
    public String[] methods() {
        String[] out = new String[frames.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = method(i);
        }
        return out;
    }

    /** A named class (not a lambda) so that no invokedynamic is linked on the cold path. */
    private static final class Collector implements Consumer<StackWalker.StackFrame> {
        final List<StackWalker.StackFrame> frames = new ArrayList<>(256);

        @Override
        public void accept(StackWalker.StackFrame frame) {
            if (!frame.getClassName().startsWith(CORE_PREFIX)) {
                frames.add(frame);
            }
        }
    }
}
