package io.stackwatch.core.threads;

/**
 * Thrown by {@code Thread#start()} while stackwatch's thread-start breaker is open
 * ({@code threadRateAction=reject}): threads are being started faster than {@code threadRate} allows.
 * The thread was not started; starting it again later may succeed.
 */
public final class ThreadStartRefusedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public ThreadStartRefusedException(String threadName, String reason) {
        super("stackwatch refused to start thread \"" + threadName + "\": " + reason
                + " (threadRateAction=reject; the thread was not started)");
    }
}
