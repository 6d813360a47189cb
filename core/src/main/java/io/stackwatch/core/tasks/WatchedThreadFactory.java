package io.stackwatch.core.tasks;

import java.util.concurrent.ThreadFactory;

/** Each thread's run, from start to end, is one watched task named after the runnable. */
final class WatchedThreadFactory implements ThreadFactory {

    private final TaskWatch watch;
    private final ThreadFactory delegate;

    WatchedThreadFactory(TaskWatch watch, ThreadFactory delegate) {
        this.watch = watch;
        this.delegate = delegate;
    }

    @Override
    public Thread newThread(Runnable r) {
        return delegate.newThread(watch.wrap(r));
    }
}
