package io.stackwatch.core.tasks;

import java.util.concurrent.Executor;

/** Runs every task through its delegate, wrapped. */
final class WatchedExecutor implements Executor {

    private final TaskWatch watch;
    private final Executor delegate;

    WatchedExecutor(TaskWatch watch, Executor delegate) {
        this.watch = watch;
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
        delegate.execute(watch.wrap(task));
    }
}
