package io.stackwatch.core.tasks;

import io.stackwatch.core.tracking.StackWatermark;

/** A {@link Runnable} run between a watermark's open and close. */
final class WatchedRunnable implements Runnable {

    private final TaskWatch watch;
    private final Runnable task;
    private final String name;

    WatchedRunnable(TaskWatch watch, Runnable task, String name) {
        this.watch = watch;
        this.task = task;
        this.name = name;
    }

    @Override
    public void run() {
        StackWatermark w = watch.begin();
        try {
            task.run();
        } finally {
            watch.end(w, name);
        }
    }

    @Override
    public String toString() {
        return "watched " + task;
    }
}
