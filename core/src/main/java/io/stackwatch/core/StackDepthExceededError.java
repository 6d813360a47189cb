package io.stackwatch.core;

import io.stackwatch.core.event.Reason;
import io.stackwatch.core.stack.CapturedStack;
import io.stackwatch.core.stack.RecursionCycle;

import java.util.List;
import java.util.Locale;

/**
 * Thrown by stackwatch ({@code action=throw}) at the entry of an instrumented method when the
 * thread's stack use crossed {@code throwAt}, or its instrumented depth crossed {@code maxDepth} or
 * a {@code limits} entry. It is a {@link StackOverflowError}, so code that already handles overflows
 * handles it too, but it comes while enough stack is left for {@code catch} and {@code finally}
 * blocks to run normally.
 *
 * <p>The message is built lazily, when first asked for: building a string at the point of
 * interception could itself exhaust the stack.
 */
public class StackDepthExceededError extends StackOverflowError {

    private static final long serialVersionUID = 1L;

    private final Reason reason;
    private final double limit;
    private final String threadName;
    private final int depth;
    private final long stackBytes;
    private final long capacityBytes;
    private final String method;
    private final transient CapturedStack stack;
    private final boolean measured;
    private transient volatile RecursionCycle cycle;
    private volatile String message;

    /** Created by the tracker; not meant to be constructed by applications. */
    public StackDepthExceededError(Reason reason, double limit, String threadName, int depth, long stackBytes,
                                   long capacityBytes, String method, CapturedStack stack) {
        this(reason, limit, threadName, depth, stackBytes, capacityBytes, method, stack, false);
    }

    /** Created by the tracker; {@code measured} when the bytes come from a real reading of the stack. */
    public StackDepthExceededError(Reason reason, double limit, String threadName, int depth, long stackBytes,
                                   long capacityBytes, String method, CapturedStack stack, boolean measured) {
        this.reason = reason;
        this.limit = limit;
        this.threadName = threadName;
        this.depth = depth;
        this.stackBytes = stackBytes;
        this.capacityBytes = capacityBytes;
        this.method = method;
        this.stack = stack;
        this.measured = measured;
    }

    /** {@code throwAt}, {@code maxDepth} or {@code limit}. */
    public String reason() {
        return reason.jsonName();
    }

    /** Instrumented depth the call would have had. */
    public int depth() {
        return depth;
    }

    /** Estimated stack bytes in use with the refused frame. */
    public long stackBytes() {
        return stackBytes;
    }

    public long capacityBytes() {
        return capacityBytes;
    }

    /** The refused method, {@code pkg.Class#method}. */
    public String method() {
        return method;
    }

    public String threadName() {
        return threadName;
    }

    /** The recursion that drove the thread here, found from the stack walked at interception. */
    public RecursionCycle cycle() {
        RecursionCycle c = cycle;
        if (c == null) {
            c = RecursionCycle.of(stack);
            cycle = c;
        }
        return c;
    }

    @Override
    public String getMessage() {
        String m = message;
        if (m == null) {
            m = buildMessage();
            message = m;
        }
        return m;
    }

    private String buildMessage() {
        StringBuilder sb = new StringBuilder(256);
        sb.append("stackwatch stopped ").append(method).append(" on thread \"").append(threadName)
                .append("\" at depth ").append(depth).append(": ");
        switch (reason) {
            case MAX_DEPTH:
                sb.append("instrumented depth exceeds maxDepth ").append((long) limit);
                break;
            case LIMIT:
                sb.append("method depth exceeds its limit ").append((long) limit);
                break;
            default:
                sb.append(String.format(Locale.ROOT, "stack use %.0f%% reached throwAt %.2f",
                        100.0 * stackBytes / Math.max(1, capacityBytes), limit));
        }
        sb.append(measured ? " (" : " (estimated ").append(stackBytes).append(" of ").append(capacityBytes)
                .append(" bytes)");
        RecursionCycle c = cycle();
        if (c.found()) {
            sb.append("; cycle: ").append(c.describe());
            List<String> origin = c.origin();
            sb.append("; origin: ");
            int shown = Math.min(origin.size(), 8);
            for (int i = 0; i < shown; i++) {
                sb.append(i == 0 ? "" : " <- ").append(origin.get(i));
            }
            if (origin.size() > shown) {
                sb.append(" <- ... (").append(origin.size() - shown).append(" more)");
            }
        }
        return sb.toString();
    }
}
