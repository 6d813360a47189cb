package io.stackwatch.core.threads;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The breaker behind {@code threadRateAction=reject}: while it is open, advice at the start of
 * {@code java.lang.Thread#start()} refuses to start a platform thread. The agent's rate monitor
 * opens it while threads start faster than {@code threadRate} per second and closes it when the rate
 * falls back. Closed unless that opt-in is given; the advice is installed only then.
 */
public final class ThreadStartBreaker {

    /** Read by the advice in {@code Thread#start}: one volatile read per thread start while installed. */
    public static volatile boolean open;
    private static volatile String why = "";
    private static final AtomicLong REFUSED = new AtomicLong();

    private ThreadStartBreaker() {
    }

    /** Called by the advice when the breaker is open: throws unless the thread is the agent's own. */
    public static void refuse(Thread thread) {
        String name = thread.getName();
        if (!open || name.startsWith("stackwatch-")) {
            return;
        }
        REFUSED.incrementAndGet();
        throw new ThreadStartRefusedException(name, why);
    }

    /** Opens the breaker; {@code reason} ends the refusal's message. */
    public static void open(String reason) {
        why = reason;
        open = true;
    }

    public static void close() {
        open = false;
    }

    public static boolean isOpen() {
        return open;
    }

    /** Thread starts refused so far. */
    public static long refused() {
        return REFUSED.get();
    }
}
