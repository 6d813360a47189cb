package io.stackwatch.core.tasks;

import io.stackwatch.core.event.EventQueue;
import io.stackwatch.core.event.EventType;
import io.stackwatch.core.event.Reason;
import io.stackwatch.core.event.StackEvent;
import io.stackwatch.core.tracking.MethodRegistry;
import io.stackwatch.core.tracking.Policy;
import io.stackwatch.core.tracking.StackCapacityProbe;
import io.stackwatch.core.tracking.ThreadStackState;
import io.stackwatch.core.tracking.Tracker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The wrappers with the tracker driven as advice would drive it: 1,000-byte frames, 1,000,000-byte stacks. */
class TaskWatchTest {

    private static final int FRAME = 1000;

    @BeforeEach
    void install() throws InterruptedException {
        Tracker.install(Policy.builder().nativeReadings(false).warnAt(0.95).build(), new StackCapacityProbe() {
            @Override
            public long capacityBytes(Thread thread) {
                return 1_000_000;
            }

            @Override
            public boolean isVirtual(Thread thread) {
                return false;
            }
        });
        drain();
    }

    @AfterEach
    void restore() throws InterruptedException {
        Tracker.install(Policy.builder().build(), StackCapacityProbe.DEFAULT);
        drain();
    }

    /** What inlined advice does: enter through the tracker, exit by taking the frame off inline. */
    static long descend(int frames) {
        int id = MethodRegistry.register("demo.Parser#value");
        ThreadStackState s = null;
        for (int i = 0; i < frames; i++) {
            s = Tracker.enter(id, FRAME);
        }
        for (int i = 0; i < frames && s != null; i++) {
            s.depth--;
            s.bytes -= FRAME;
        }
        return frames;
    }

    @Test
    void aTaskPastItsLineIsReportedOnceWithItsPeakAndEveryTaskIsCounted() throws Exception {
        long tasks = TaskFigures.tasks();
        long crossings = TaskFigures.crossings();
        ExecutorService pool = TaskWatch.withWarnAt(0.5).wrap(Executors.newSingleThreadExecutor(r -> new Thread(r, "pool-1")));
        try {
            pool.submit(() -> descend(100)).get();
            Future<Long> deep = pool.submit(() -> descend(600));
            assertThat(deep.get()).isEqualTo(600);
        } finally {
            pool.shutdown();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
        assertThat(TaskFigures.tasks() - tasks).isEqualTo(2);
        assertThat(TaskFigures.crossings() - crossings).isEqualTo(1);
        assertThat(TaskFigures.maxPeakBytes()).isGreaterThanOrEqualTo(600L * FRAME - 4096);
        List<StackEvent> task = drain();
        assertThat(task).hasSize(1);
        StackEvent e = task.get(0);
        assertThat(e.threadName).isEqualTo("pool-1");
        assertThat(e.depth).isBetween(596, 600);
        assertThat(e.ratio()).isGreaterThanOrEqualTo(0.5);
        assertThat(e.method).startsWith(TaskWatchTest.class.getName());
        assertThat(e.reason).isEqualTo(Reason.TASK_WARN_AT);
    }

    @Test
    void aThreadFactorysThreadsAndAPlainExecutorRunWrappedAndTaskFailuresPassThrough() throws Exception {
        long tasks = TaskFigures.tasks();
        Thread t = TaskWatch.standard().wrap(Executors.defaultThreadFactory()).newThread(() -> descend(10));
        t.start();
        t.join();
        TaskWatch.standard().wrap((Runnable r) -> r.run()).execute(() -> descend(5));
        assertThat(TaskFigures.tasks() - tasks).isEqualTo(2);
        Runnable failing = TaskWatch.standard().wrap((Runnable) () -> {
            throw new IllegalStateException("the task's own failure");
        }, "failing");
        assertThatThrownBy(failing::run).hasMessage("the task's own failure");
        assertThat(TaskFigures.tasks() - tasks).isEqualTo(3);
        assertThatThrownBy(() -> TaskWatch.withWarnAt(1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<StackEvent> drain() throws InterruptedException {
        List<StackEvent> tasks = new ArrayList<>();
        StackEvent e;
        while ((e = EventQueue.poll(0, TimeUnit.MILLISECONDS)) != null) {
            if (e.type == EventType.TASK) {
                tasks.add(e);
            }
        }
        return tasks;
    }
}
