package io.stackwatch.core.tasks;

import io.stackwatch.core.tracking.StackWatermark;

import java.util.concurrent.Callable;

/** A {@link Callable} run between a watermark's open and close. */
final class WatchedCallable<T> implements Callable<T> {

    private final TaskWatch watch;
    private final Callable<T> task;
    private final String name;

    WatchedCallable(TaskWatch watch, Callable<T> task, String name) {
        this.watch = watch;
        this.task = task;
        this.name = name;
    }

    @Override
    public T call() throws Exception {
        StackWatermark w = watch.begin();
        try {
            return task.call();
        } finally {
            watch.end(w, name);
        }
    }

    @Override
    public String toString() {
        return "watched " + task;
    }
}
