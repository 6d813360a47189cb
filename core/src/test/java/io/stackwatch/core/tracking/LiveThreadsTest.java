package io.stackwatch.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LiveThreadsTest {

    @Test
    void aTrackedThreadIsListedWhileItLivesWithItsCurrentDepth() throws Exception {
        AtomicReference<Boolean> seen = new AtomicReference<>(false);
        Thread t = new Thread(() -> {
            ThreadStackState s = Tracker.enter(1, 100);
            // Past the first cold-path visit (here by asking for the state, as a deep call would).
            assertThat(Tracker.current()).isSameAs(s);
            Tracker.enter(1, 100);
            LiveThreads.forEach(state -> {
                if (state.thread() == Thread.currentThread() && state.depth() == 2) {
                    seen.set(true);
                }
            });
            s.depth = 0;
            s.bytes = 0;
        }, "live-threads-test");
        t.start();
        t.join();
        assertThat(seen.get()).isTrue();
    }

    @Test
    void aThreadThatStaysShallowIsNotListedAndKeepsOnlyItsHotState() throws Exception {
        AtomicReference<Boolean> listed = new AtomicReference<>(true);
        AtomicReference<ThreadStackState> state = new AtomicReference<>();
        Thread t = new Thread(() -> {
            ThreadStackState s = Tracker.enter(1, 100);
            Tracker.enter(1, 100);
            state.set(s);
            boolean[] found = {false};
            LiveThreads.forEach(other -> found[0] |= other == s);
            listed.set(found[0]);
            s.depth = 0;
            s.bytes = 0;
        }, "shallow-thread");
        t.start();
        t.join();
        assertThat(listed.get()).isFalse();
        assertThat(state.get().cold).as("no cold part allocated").isNull();
    }

    @Test
    void statesOfEndedThreadsAreDroppedAfterCollection() throws Exception {
        for (int i = 0; i < 200; i++) {
            Thread t = new Thread(() -> Tracker.current());
            t.start();
            t.join();
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        int count;
        do {
            System.gc();
            Thread.sleep(20);
            count = 0;
            for (ThreadStackState s : LiveThreads.snapshot()) {
                if (!s.thread().isAlive()) {
                    count++;
                }
            }
        } while (count > 0 && System.nanoTime() < deadline);
        assertThat(count).isZero();
    }
}
