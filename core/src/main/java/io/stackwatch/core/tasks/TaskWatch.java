package io.stackwatch.core.tasks;

import io.stackwatch.core.event.EventQueue;
import io.stackwatch.core.event.EventType;
import io.stackwatch.core.event.Reason;
import io.stackwatch.core.event.StackEvent;
import io.stackwatch.core.tracking.StackWatermark;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * Records the stack watermark of each task it wraps (Go's goroutine wrapper and watermark
 * middleware): the deepest instrumented depth and the bytes of stack in use there, against the
 * thread's capacity. A task whose peak reaches {@code warnAt} of the capacity is reported once, as a
 * {@code task} event (a warning line and an event-log entry written by the agent); every task counts
 * in {@link TaskFigures}.
 *
 * <pre>{@code
 * ExecutorService pool = TaskWatch.standard().wrap(Executors.newFixedThreadPool(8));
 * Runnable job = TaskWatch.withWarnAt(0.5).wrap(() -> parse(input), "parse");
 * }</pre>
 *
 * <p>Resolution: a peak is recorded each time the stack goes {@link #stepBytes()} past the task's
 * previous peak (see {@link StackWatermark}), so the true peak is below the recorded one plus a step.
 * Only frames of instrumented methods are seen. Without the agent the wrappers run the tasks
 * unchanged and record nothing deep.
 */
public final class TaskWatch {

    private static final TaskWatch STANDARD = new TaskWatch(0.5, 4096);

    private final double warnAt;
    private final long stepBytes;

    private TaskWatch(double warnAt, long stepBytes) {
        if (!(warnAt > 0 && warnAt <= 1)) {
            throw new IllegalArgumentException("warnAt must be a fraction above 0 and at most 1, not " + warnAt);
        }
        if (stepBytes < 64) {
            throw new IllegalArgumentException("stepBytes must be at least 64, not " + stepBytes);
        }
        this.warnAt = warnAt;
        this.stepBytes = stepBytes;
    }

    /** Warns at half of the thread's stack, with a 4 KiB resolution. */
    public static TaskWatch standard() {
        return STANDARD;
    }

    /** Warns when a task's peak reaches this fraction of its thread's stack. */
    public static TaskWatch withWarnAt(double warnAt) {
        return new TaskWatch(warnAt, STANDARD.stepBytes);
    }

    /** The same, recording peaks every {@code stepBytes} of new depth (finer costs more cold-path visits). */
    public TaskWatch withStepBytes(long bytes) {
        return new TaskWatch(warnAt, bytes);
    }

    public double warnAt() {
        return warnAt;
    }

    public long stepBytes() {
        return stepBytes;
    }

    public Runnable wrap(Runnable task) {
        return wrap(task, nameOf(task));
    }

    /** Wraps a task; {@code name} identifies it in warnings. */
    public Runnable wrap(Runnable task, String name) {
        return new WatchedRunnable(this, task, name);
    }

    public <T> Callable<T> wrap(Callable<T> task) {
        return wrap(task, nameOf(task));
    }

    public <T> Callable<T> wrap(Callable<T> task, String name) {
        return new WatchedCallable<>(this, task, name);
    }

    /** An executor that runs every task it is given wrapped. */
    public Executor wrap(Executor executor) {
        return new WatchedExecutor(this, executor);
    }

    /** An executor service whose every submitted task is wrapped; lifecycle calls go to {@code service}. */
    public ExecutorService wrap(ExecutorService service) {
        return new WatchedExecutorService(this, service);
    }

    /** A thread factory whose threads' whole run is one watched task. */
    public ThreadFactory wrap(ThreadFactory factory) {
        return new WatchedThreadFactory(this, factory);
    }

    /** Opens the watermark for a task about to run on the calling thread; never throws. */
    StackWatermark begin() {
        try {
            return StackWatermark.open(stepBytes);
        } catch (Throwable agentTrouble) {
            return null;
        }
    }

    /** Closes it, counts the task and reports a crossing; never throws. */
    void end(StackWatermark w, String name) {
        if (w == null) {
            return;
        }
        try {
            w.close();
            long capacity = w.capacityBytes();
            double ratio = capacity > 0 ? (double) w.peakBytes() / capacity : 0;
            boolean crossed = ratio >= warnAt && w.peakDepth() > 0;
            TaskFigures.record(w.peakDepth(), w.peakBytes(), ratio, crossed);
            if (crossed) {
                Thread t = Thread.currentThread();
                EventQueue.offer(StackEvent.of(EventType.TASK, t, w.isVirtual())
                        .usage(w.peakDepth(), w.peakBytes(), capacity, w.measured(), (double) w.peakBytes() / w.peakDepth())
                        .method(name)
                        .crossed(Reason.TASK_WARN_AT, warnAt)
                        .goModel(w.goStackSize(), w.goGrowths(), w.goCopiedBytes())
                        .build());
            }
        } catch (Throwable agentTrouble) {
            // The task's own outcome matters more than our figures.
        }
    }

    static String nameOf(Object task) {
        String n = task.getClass().getName();
        int lambda = n.indexOf("$$Lambda");
        return lambda > 0 ? n.substring(0, lambda) + " (lambda)" : n;
    }
}
