package io.stackwatch.core.tracking;

import io.stackwatch.core.StackDepthExceededError;
import io.stackwatch.core.event.EventType;
import io.stackwatch.core.event.Reason;
import io.stackwatch.core.event.StackEvent;
import io.stackwatch.core.gomodel.GoStackParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static io.stackwatch.core.tracking.TrackerHarness.enterTimes;
import static io.stackwatch.core.tracking.TrackerHarness.exit;
import static io.stackwatch.core.tracking.TrackerHarness.exitLimited;
import static io.stackwatch.core.tracking.TrackerHarness.exitTimes;
import static io.stackwatch.core.tracking.TrackerHarness.fixedCapacity;
import static io.stackwatch.core.tracking.TrackerHarness.ofType;
import static io.stackwatch.core.tracking.TrackerHarness.realStackOverflow;
import static io.stackwatch.core.tracking.TrackerHarness.runOnFreshThread;
import static io.stackwatch.core.tracking.TrackerHarness.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The tracker in-process: a fixed capacity of 100,000 bytes unless a test says otherwise, so that
 * warnAt 0.7 is 70,000 B and throwAt 0.9 is 90,000 B; with 1,000-byte frames that is depth 70 and 90.
 *
 * <p>With capacity 100,000 the article's Go model (8 KiB, guard 896, max = capacity) grows at
 * depths 8, 16 and 32 and overflows at depth 65 (65,000 + 896 needs 131,072 &gt; 100,000).
 */
class TrackerTest {

    private static final long CAPACITY = 100_000;
    private static final int FRAME = 1000;
    private static final String FOO_BAR = "demo.Foo#bar";

    private static int fooBar;
    private static int other;

    @BeforeEach
    void setUp() throws InterruptedException {
        fooBar = MethodRegistry.register(FOO_BAR);
        other = MethodRegistry.register("demo.Other#walk");
        TrackerHarness.drainEvents();
    }

    @AfterEach
    void restoreDefaults() throws InterruptedException {
        Tracker.install(Policy.builder().build(), StackCapacityProbe.DEFAULT);
        TrackerHarness.drainEvents();
    }

    // ---------------------------------------------------------------- counting

    @Test
    void countsDepthAndBytesOnEnterAndExit() throws Throwable {
        List<StackEvent> events = runOnFreshThread(Policy.builder().build(), fixedCapacity(CAPACITY), () -> {
            ThreadStackState s = Tracker.current();
            assertThat(s.capacityBytes()).isEqualTo(CAPACITY);
            assertThat(s.isVirtual()).isFalse();

            for (int i = 1; i <= 5; i++) {
                assertThat(Tracker.enter(fooBar, 100)).isSameAs(s);
                assertThat(s.depth).isEqualTo(i);
                assertThat(s.bytes).isEqualTo(100L * i);
            }
            Tracker.enter(other, 250);
            assertThat(s.depth).isEqualTo(6);
            assertThat(s.bytes).isEqualTo(750);

            exit(s, 250, other, null);
            exitTimes(5, fooBar, 100);
            assertThat(s.depth).isZero();
            assertThat(s.bytes).isZero();
        });

        assertThat(events).isEmpty();
    }

    @Test
    void eachThreadHasItsOwnState() throws Throwable {
        AtomicReference<ThreadStackState> first = new AtomicReference<>();
        runOnFreshThread(Policy.builder().build(), fixedCapacity(CAPACITY), () -> {
            enterTimes(3, fooBar, 100);
            first.set(Tracker.current());
        });
        runOnFreshThread(Policy.builder().build(), fixedCapacity(CAPACITY), () -> {
            assertThat(Tracker.current()).isNotSameAs(first.get());
            assertThat(Tracker.current().depth).isZero();
        });
        assertThat(first.get().depth).isEqualTo(3);
    }

    @Test
    void aTrackedThreadAdoptsAPolicyInstalledLaterAtItsNextColdPathVisitAndKeepsItsCounts() throws Throwable {
        Policy strict = Policy.builder().throwing(true).maxDepth(5).build();
        Policy lax = Policy.builder().build();
        runOnFreshThread(strict, fixedCapacity(CAPACITY), () -> {
            ThreadStackState s = Tracker.current(); // state created under the strict policy
            enterTimes(3, fooBar, 100);
            Tracker.install(lax, fixedCapacity(CAPACITY)); // a detach, then an attach with other settings
            assertThat(Tracker.policy()).isSameAs(lax);

            enterTimes(7, fooBar, 100); // past the strict maxDepth: the lax policy applies
            assertThat(s.depth).isEqualTo(10);
            assertThat(s.bytes).isEqualTo(1000);
        });
    }

    @Test
    void aLimitInstalledAfterTheThreadWasTrackedIsEnforcedWithoutAnAgentErrorInTheHost() throws Throwable {
        Policy none = Policy.builder().build();
        Policy limited = Policy.builder().throwing(true).methodLimits(new String[] {FOO_BAR}, new int[] {3}).build();
        runOnFreshThread(none, fixedCapacity(CAPACITY), () -> {
            ThreadStackState s = Tracker.current(); // no limit slots
            assertThat(s.methodDepth).isEmpty();
            Tracker.install(limited, fixedCapacity(CAPACITY));

            for (int i = 0; i < 3; i++) {
                assertThat(Tracker.enterLimited(fooBar, 100, 0)).isSameAs(s);
            }
            assertThat(s.methodDepth).containsExactly(3);
            assertThatThrownBy(() -> Tracker.enterLimited(fooBar, 100, 0)).isInstanceOf(StackDepthExceededError.class);
            // Advice with a slot that no installed policy has (cannot come from an installed agent): not counted.
            assertThat(Tracker.isUncounted(Tracker.enterLimited(fooBar, 100, 7))).isTrue();
            assertThat(s.depth).isEqualTo(3);
        });
    }

    @Test
    void failingProbeFallsBackToTheDefaultCapacity() throws Throwable {
        StackCapacityProbe broken = new StackCapacityProbe() {
            @Override
            public long capacityBytes(Thread thread) {
                throw new IllegalStateException("no VM flags here");
            }

            @Override
            public boolean isVirtual(Thread thread) {
                return true;
            }
        };
        runOnFreshThread(Policy.builder().build(), broken, () -> {
            ThreadStackState s = Tracker.current();
            assertThat(s.capacityBytes()).isEqualTo(1024 * 1024 - 96 * 1024);
            assertThat(s.isVirtual()).isFalse();
        });
    }

    @Test
    void virtualFlagFromTheProbeIsCarriedIntoEvents() throws Throwable {
        List<StackEvent> events = runOnFreshThread(Policy.builder().build(), fixedCapacity(CAPACITY, true), () -> {
            assertThat(Tracker.current().isVirtual()).isTrue();
            enterTimes(70, fooBar, FRAME);
        });

        assertThat(ofType(events, EventType.WARN)).singleElement().satisfies(e -> assertThat(e.virtual).isTrue());
    }

    // ---------------------------------------------------------------- warnings

    @Test
    void warnsOnceWhenBytesReachWarnAt() throws Throwable {
        AtomicReference<Long> threadId = new AtomicReference<>();
        List<StackEvent> events = runOnFreshThread(Policy.builder().build(), fixedCapacity(CAPACITY), () -> {
            threadId.set(Thread.currentThread().getId());
            ThreadStackState s = Tracker.current();
            enterTimes(69, fooBar, FRAME);
            assertThat(s.warnings()).isZero();

            Tracker.enter(fooBar, FRAME); // 70,000 B = 0.7 of 100,000
            assertThat(s.warnings()).isEqualTo(1);
            assertThat(s.depth).as("a warning does not stop the call").isEqualTo(70);

            enterTimes(15, fooBar, FRAME); // deeper: still the same crossing
            assertThat(s.depth).isEqualTo(85);
            assertThat(s.warnings()).isEqualTo(1);
            assertThat(s.interceptions()).isZero();
        });

        List<StackEvent> warns = ofType(events, EventType.WARN);
        assertThat(warns).hasSize(1);
        StackEvent w = warns.get(0);
        assertThat(w.depth).isEqualTo(70);
        assertThat(w.stackBytes).isEqualTo(70_000);
        assertThat(w.capacityBytes).isEqualTo(CAPACITY);
        assertThat(w.ratio()).isEqualTo(0.7);
        assertThat(w.method).isEqualTo(FOO_BAR);
        assertThat(w.reason).isEqualTo(Reason.WARN_AT);
        assertThat(w.limit).isEqualTo(0.7);
        assertThat(w.threadId).isEqualTo(threadId.get());
        assertThat(w.virtual).isFalse();
        // 30,000 B of headroom is below the 32 KiB a stack walk needs: no walk.
        assertThat(w.stack).isNull();
        assertThat(ofType(events, EventType.INTERCEPT)).isEmpty();
    }

    @Test
    void warningWalksTheRealStackWhenThereIsHeadroom() throws Throwable {
        List<StackEvent> events = runOnFreshThread(Policy.builder().build(), fixedCapacity(1_000_000), () ->
                enterTimes(70, fooBar, 10_000));

        StackEvent w = ofType(events, EventType.WARN).get(0);
        assertThat(w.stackBytes).isEqualTo(700_000);
        assertThat(w.stack).isNotNull();
        assertThat(w.stack.methods()).contains("java.lang.Thread#run");
    }

    @Test
    void rearmsAfterReturningToHalfTheWarnedDepth() throws Throwable {
        List<StackEvent> events = runOnFreshThread(Policy.builder().build(), fixedCapacity(CAPACITY), () -> {
            ThreadStackState s = Tracker.current();
            enterTimes(70, fooBar, FRAME); // WARN #1 at depth 70
            assertThat(s.exitDepthMark).isEqualTo(35);

            exitTimes(34, fooBar, FRAME); // down to 36: not yet half
            assertThat(s.depth).isEqualTo(36);
            enterTimes(39, fooBar, FRAME); // back up to 75: still the first crossing
            assertThat(s.warnings()).isEqualTo(1);

            exitTimes(40, fooBar, FRAME); // down to 35 = 70 / 2: re-armed
            assertThat(s.depth).isEqualTo(35);
            assertThat(s.exitDepthMark).isLessThanOrEqualTo(0);

            enterTimes(34, fooBar, FRAME); // 69: below warnAt
            assertThat(s.warnings()).isEqualTo(1);
            Tracker.enter(fooBar, FRAME); // 70: WARN #2
            assertThat(s.warnings()).isEqualTo(2);
        });

        List<StackEvent> warns = ofType(events, EventType.WARN);
        assertThat(warns).extracting(e -> e.depth).containsExactly(70, 70);
    }

    @Test
    void noRearmWithoutReturningToHalfDepth() throws Throwable {
        List<StackEvent> events = runOnFreshThread(Policy.builder().build(), fixedCapacity(CAPACITY), () -> {
            for (int round = 0; round < 5; round++) {
                enterTimes(70, fooBar, FRAME);
                exitTimes(30, fooBar, FRAME); // never below 40
                enterTimes(30, fooBar, FRAME);
                exitTimes(70, fooBar, FRAME);
                // returning all the way to 0 re-arms
            }
        });

        assertThat(ofType(events, EventType.WARN)).hasSize(5);
    }

    @Test
    void maxDepthWarnsUnderActionWarnAndTheCallGoesOn() throws Throwable {
        Policy policy = Policy.builder().maxDepth(50).build();
        List<StackEvent> events = runOnFreshThread(policy, fixedCapacity(1_000_000), () -> {
            ThreadStackState s = Tracker.current();
            enterTimes(50, fooBar, 100);
            assertThat(s.warnings()).isZero();
            Tracker.enter(fooBar, 100);
            assertThat(s.depth).isEqualTo(51);
            enterTimes(49, fooBar, 100);
            assertThat(s.depth).isEqualTo(100);
        });

        assertThat(ofType(events, EventType.WARN)).singleElement().satisfies(w -> {
            assertThat(w.reason).isEqualTo(Reason.MAX_DEPTH);
            assertThat(w.limit).isEqualTo(50);
            assertThat(w.depth).isEqualTo(51);
        });
        assertThat(ofType(events, EventType.INTERCEPT)).isEmpty();
    }

    // ---------------------------------------------------------------- action=throw

    @Test
    void throwAtStopsTheCallAndDoesNotCountTheRefusedFrame() throws Throwable {
        Policy policy = Policy.builder().throwing(true).throwAt(0.9).build();
        AtomicReference<StackDepthExceededError> caught = new AtomicReference<>();
        String[] threadName = new String[1];
        List<StackEvent> events = runOnFreshThread(policy, fixedCapacity(CAPACITY), () -> {
            threadName[0] = Thread.currentThread().getName();
            ThreadStackState s = Tracker.current();
            enterTimes(89, fooBar, FRAME);
            assertThat(s.depth).isEqualTo(89);

            StackDepthExceededError e = catchThrowableOfType(StackDepthExceededError.class,
                    () -> Tracker.enter(fooBar, FRAME));
            caught.set(e);

            assertThat(s.depth).as("refused frame not counted").isEqualTo(89);
            assertThat(s.bytes).isEqualTo(89_000);
            assertThat(s.interceptions()).isEqualTo(1);
        });

        StackDepthExceededError e = caught.get();
        assertThat(e).isNotNull().isInstanceOf(StackOverflowError.class);
        assertThat(e.reason()).isEqualTo("throwAt");
        assertThat(e.depth()).isEqualTo(90);
        assertThat(e.stackBytes()).isEqualTo(90_000);
        assertThat(e.capacityBytes()).isEqualTo(CAPACITY);
        assertThat(e.method()).isEqualTo(FOO_BAR);
        assertThat(e.threadName()).isEqualTo(threadName[0]);
        assertThat(e.getMessage())
                .contains(FOO_BAR)
                .contains("depth 90")
                .contains("stack use 90% reached throwAt 0.90")
                .contains("estimated 90000 of 100000 bytes")
                .contains(threadName[0]);

        // WARN at 70 (0.7), then the interception at 90.
        assertThat(types(events)).containsSubsequence(EventType.WARN, EventType.INTERCEPT);
        assertThat(ofType(events, EventType.WARN)).singleElement().satisfies(w -> assertThat(w.depth).isEqualTo(70));
        assertThat(ofType(events, EventType.INTERCEPT)).singleElement().satisfies(i -> {
            assertThat(i.depth).isEqualTo(90);
            assertThat(i.stackBytes).isEqualTo(90_000);
            assertThat(i.reason).isEqualTo(Reason.THROW_AT);
            assertThat(i.limit).isEqualTo(0.9);
            assertThat(i.method).isEqualTo(FOO_BAR);
        });
    }

    @Test
    void everyRetryPastThrowAtIsStoppedAgain() throws Throwable {
        Policy policy = Policy.builder().throwing(true).throwAt(0.9).build();
        List<StackEvent> events = runOnFreshThread(policy, fixedCapacity(CAPACITY), () -> {
            ThreadStackState s = Tracker.current();
            enterTimes(89, fooBar, FRAME);
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> Tracker.enter(fooBar, FRAME)).isInstanceOf(StackDepthExceededError.class);
            }
            assertThat(s.depth).isEqualTo(89);
            assertThat(s.interceptions()).isEqualTo(3);
            // a smaller frame still fits
            Tracker.enter(fooBar, 500);
            assertThat(s.depth).isEqualTo(90);
        });

        assertThat(ofType(events, EventType.INTERCEPT)).hasSize(3);
    }

    @Test
    void maxDepthThrowsAtThe51stEnter() throws Throwable {
        Policy policy = Policy.builder().throwing(true).maxDepth(50).build();
        AtomicReference<StackDepthExceededError> caught = new AtomicReference<>();
        List<StackEvent> events = runOnFreshThread(policy, fixedCapacity(1_000_000), () -> {
            ThreadStackState s = Tracker.current();
            enterTimes(50, fooBar, 100);
            assertThat(s.depth).isEqualTo(50);

            caught.set(catchThrowableOfType(StackDepthExceededError.class, () -> Tracker.enter(fooBar, 100)));

            assertThat(s.depth).isEqualTo(50);
            assertThat(s.bytes).isEqualTo(5_000);
        });

        StackDepthExceededError e = caught.get();
        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo("maxDepth");
        assertThat(e.depth()).isEqualTo(51);
        assertThat(e.getMessage()).contains(FOO_BAR).contains("depth 51").contains("exceeds maxDepth 50");
        // Under action=throw a depth limit intercepts; it does not also warn.
        assertThat(types(events)).containsExactly(EventType.INTERCEPT);
    }

    @Test
    void stackDepthExceededErrorUnwindingThroughExitsIsNotAnOverflow() throws Throwable {
        Policy policy = Policy.builder().throwing(true).maxDepth(20).build();
        List<StackEvent> events = runOnFreshThread(policy, fixedCapacity(CAPACITY), () -> {
            ThreadStackState s = Tracker.current();
            enterTimes(20, fooBar, 100);
            StackDepthExceededError e = catchThrowableOfType(StackDepthExceededError.class,
                    () -> Tracker.enter(fooBar, 100));
            for (int i = 0; i < 20; i++) {
                exit(s, 100, fooBar, e);
            }
            assertThat(s.depth).isZero();
            assertThat(s.bytes).isZero();
            assertThat(s.overflows()).isZero();
        });

        assertThat(types(events)).containsExactly(EventType.INTERCEPT);
    }

    // ---------------------------------------------------------------- per-method limits

    @Test
    void methodLimitThrowsOnTheEleventhNestedCall() throws Throwable {
        Policy policy = Policy.builder().throwing(true)
                .methodLimits(new String[] {FOO_BAR}, new int[] {10}).build();
        assertThat(policy.methodLimitCount()).isEqualTo(1);
        assertThat(policy.methodLimitName(0)).isEqualTo(FOO_BAR);
        assertThat(policy.methodLimit(0)).isEqualTo(10);

        AtomicReference<StackDepthExceededError> caught = new AtomicReference<>();
        List<StackEvent> events = runOnFreshThread(policy, fixedCapacity(1_000_000), () -> {
            ThreadStackState s = Tracker.current();
            enterTimes(5, other, 100); // unlimited frames count towards depth, not towards the limit
            for (int i = 0; i < 10; i++) {
                assertThat(Tracker.enterLimited(fooBar, 100, 0)).isSameAs(s);
            }
            assertThat(s.methodDepth[0]).isEqualTo(10);
            assertThat(s.depth).isEqualTo(15);

            caught.set(catchThrowableOfType(StackDepthExceededError.class,
                    () -> Tracker.enterLimited(fooBar, 100, 0)));

            assertThat(s.methodDepth[0]).isEqualTo(10);
            assertThat(s.depth).isEqualTo(15);
        });

        StackDepthExceededError e = caught.get();
        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo("limit");
        assertThat(e.depth()).isEqualTo(16);
        assertThat(e.getMessage()).contains(FOO_BAR).contains("method depth exceeds its limit 10");
        assertThat(ofType(events, EventType.INTERCEPT)).singleElement()
                .satisfies(i -> assertThat(i.reason).isEqualTo(Reason.LIMIT));
    }

    @Test
    void methodLimitCountsOnlyNestedCallsOfThatMethod() throws Throwable {
        Policy policy = Policy.builder().throwing(true)
                .methodLimits(new String[] {FOO_BAR}, new int[] {10}).build();
        runOnFreshThread(policy, fixedCapacity(1_000_000), () -> {
            ThreadStackState s = Tracker.current();
            // 10 in, 10 out, three times over: the limit is on nesting, not on the number of calls.
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 10; i++) {
                    Tracker.enterLimited(fooBar, 100, 0);
                }
                for (int i = 0; i < 10; i++) {
                    exitLimited(s, 100, fooBar, 0, null);
                }
            }
            assertThat(s.methodDepth[0]).isZero();
            assertThat(s.depth).isZero();
            assertThat(s.interceptions()).isZero();
        });
    }

    @Test
    void methodLimitWarnsUnderActionWarn() throws Throwable {
        Policy policy = Policy.builder().methodLimits(new String[] {FOO_BAR}, new int[] {10}).build();
        List<StackEvent> events = runOnFreshThread(policy, fixedCapacity(1_000_000), () -> {
            ThreadStackState s = Tracker.current();
            for (int i = 0; i < 15; i++) {
                Tracker.enterLimited(fooBar, 100, 0);
            }
            assertThat(s.methodDepth[0]).isEqualTo(15);
            assertThat(s.warnings()).isEqualTo(1);
        });

        assertThat(ofType(events, EventType.WARN)).singleElement().satisfies(w -> {
            assertThat(w.reason).isEqualTo(Reason.LIMIT);
            assertThat(w.limit).isEqualTo(10);
            assertThat(w.depth).isEqualTo(11);
            assertThat(w.method).isEqualTo(FOO_BAR);
        });
    }

    // ---------------------------------------------------------------- real overflows

    @Test
    void realOverflowUnwindingThroughExitsIsReportedOnce() throws Throwable {
        StackOverflowError soe = realStackOverflow();
        List<StackEvent> events = runOnFreshThread(Policy.builder().build(), fixedCapacity(1_000_000), () -> {
            ThreadStackState s = Tracker.current();
            enterTimes(20, fooBar, 100);
            for (int i = 0; i < 20; i++) {
                exit(s, 100, fooBar, soe);
            }
            assertThat(s.depth).isZero();
            assertThat(s.bytes).isZero();
            assertThat(s.overflows()).isEqualTo(1);
            // Still watching: if the thread comes back into instrumented code, the overflow was caught.
            assertThat(s.enterDepthMark).as("the next enter takes the cold path").isEqualTo(1);
        });

        assertThat(types(events)).containsExactly(EventType.OVERFLOW);
        StackEvent o = events.get(0);
        assertThat(o.depth).as("depth of the frame that threw").isEqualTo(20);
        assertThat(o.method).isEqualTo(FOO_BAR);
    }

    /*
     * The OVERFLOW event reports the frame that threw: its depth, and the bytes with that frame.
     */
    @Test
    void overflowEventBytesMatchItsDepth() throws Throwable {
        StackOverflowError soe = realStackOverflow();
        List<StackEvent> events = runOnFreshThread(Policy.builder().build(), fixedCapacity(1_000_000), () -> {
            ThreadStackState s = Tracker.current();
            enterTimes(20, fooBar, 100);
            exit(s, 100, fooBar, soe);
        });

        StackEvent o = ofType(events, EventType.OVERFLOW).get(0);
        assertThat(o.depth).isEqualTo(20);
        assertThat(o.stackBytes).as("bytes of the 20 frames the event's depth counts").isEqualTo(2_000);
    }

    @Test
    void normalExitAfterAnOverflowIsReportedAsSwallowed() throws Throwable {
        StackOverflowError soe = realStackOverflow();
        List<StackEvent> events = runOnFreshThread(Policy.builder().build(), fixedCapacity(1_000_000), () -> {
            ThreadStackState s = Tracker.current();
            enterTimes(10, fooBar, 100);
            exit(s, 100, fooBar, soe);   // frame 10 throws
            exit(s, 100, fooBar, soe);   // frame 9 passes it on
            exit(s, 100, other, null);   // frame 8 caught it and returns normally
            assertThat(s.depth).isEqualTo(7);
            assertThat(s.exitDepthMark).as("exits back on the fast path").isLessThanOrEqualTo(0);

            exitTimes(7, fooBar, 100);
            assertThat(s.depth).isZero();
            assertThat(s.overflows()).isEqualTo(1);
        });

        assertThat(types(events)).containsExactly(EventType.OVERFLOW, EventType.SWALLOWED);
        assertThat(events.get(0).depth).isEqualTo(10);
        StackEvent swallowed = events.get(1);
        assertThat(swallowed.depth).as("depth of the frame that swallowed it").isEqualTo(8);
        assertThat(swallowed.method).isEqualTo("demo.Other#walk");
    }

    @Test
    void overflowCaughtOutsideInstrumentedCodeIsReportedAsSwallowedWhenTheThreadComesBack() throws Throwable {
        StackOverflowError soe = realStackOverflow();
        List<StackEvent> events = runOnFreshThread(Policy.builder().build(), fixedCapacity(1_000_000), () -> {
            ThreadStackState s = Tracker.current();
            for (int round = 0; round < 2; round++) {
                enterTimes(5, fooBar, 100);
                for (int i = 0; i < 5; i++) {
                    exit(s, 100, fooBar, soe);
                }
                // caught outside every instrumented frame, then normal work resumes
                enterTimes(3, fooBar, 100);
                exitTimes(3, fooBar, 100);
            }
            assertThat(s.overflows()).isEqualTo(2);
        });

        assertThat(types(events)).containsExactly(EventType.OVERFLOW, EventType.SWALLOWED, EventType.OVERFLOW,
                EventType.SWALLOWED);
        StackEvent swallowed = events.get(1);
        assertThat(swallowed.method).as("the outermost method the overflow left").isEqualTo(FOO_BAR);
        assertThat(swallowed.reason).isEqualTo(Reason.CAUGHT_BY_A_CALLER);
    }

    @Test
    void otherExceptionsThroughExitsAreNotOverflows() throws Throwable {
        List<StackEvent> events = runOnFreshThread(Policy.builder().build(), fixedCapacity(1_000_000), () -> {
            ThreadStackState s = Tracker.current();
            enterTimes(5, fooBar, 100);
            IllegalStateException boom = new IllegalStateException("boom");
            for (int i = 0; i < 5; i++) {
                exit(s, 100, fooBar, boom);
            }
            assertThat(s.depth).isZero();
            assertThat(s.overflows()).isZero();
        });

        assertThat(events).isEmpty();
    }

    /** Real recursion, advice emulated around each call: action=throw stops it before the JVM would. */
    @Test
    void runawayRecursionIsInterceptedAndUnwindsCleanly() throws Throwable {
        Policy policy = Policy.builder().throwing(true).throwAt(0.9).build();
        List<StackEvent> events = runOnFreshThread(policy, fixedCapacity(CAPACITY), () -> {
            StackDepthExceededError e = catchThrowableOfType(StackDepthExceededError.class, () -> descend(fooBar));
            assertThat(e).isNotNull();
            assertThat(e.depth()).isEqualTo(90);
            ThreadStackState s = Tracker.current();
            assertThat(s.depth).isZero();
            assertThat(s.bytes).isZero();
            assertThat(s.overflows()).isZero();
        });

        assertThat(types(events)).doesNotContain(EventType.OVERFLOW).containsSubsequence(EventType.WARN,
                EventType.INTERCEPT);
    }

    private static void descend(int id) {
        ThreadStackState s = Tracker.enter(id, FRAME);
        Throwable thrown = null;
        try {
            descend(id);
        } catch (Throwable t) {
            thrown = t;
            throw t;
        } finally {
            if (s != null) {
                exit(s, FRAME, id, thrown);
            }
        }
    }

    // ---------------------------------------------------------------- Go model

    @Test
    void goModelGrowsWithTheCallStream() throws Throwable {
        Policy policy = Policy.builder().traceGrowth(true).build();
        List<StackEvent> events = runOnFreshThread(policy, fixedCapacity(1_000_000), () -> {
            ThreadStackState s = Tracker.current();
            enterTimes(72, fooBar, 100);
            assertThat(s.go().sizeBytes()).isEqualTo(8192);
            assertThat(s.go().growths()).isZero();

            Tracker.enter(fooBar, 100); // 7,300 + 896 > 8,192
            assertThat(s.go().sizeBytes()).isEqualTo(16384);
            assertThat(s.go().growths()).isEqualTo(1);
            assertThat(s.go().copiedBytes()).isEqualTo(7200);

            enterTimes(700 - 73, fooBar, 100);
            assertThat(s.go().sizeBytes()).isEqualTo(131072);
            assertThat(s.go().growths()).isEqualTo(4);
            assertThat(s.go().copiedBytes()).isEqualTo(7200 + 15400 + 31800 + 64600);
        });

        List<StackEvent> growths = ofType(events, EventType.GROWTH);
        assertThat(growths).extracting(e -> e.depth).containsExactly(73, 155, 319, 647);
        assertThat(growths).extracting(e -> e.goStackSize).containsExactly(16384L, 32768L, 65536L, 131072L);
        assertThat(growths).extracting(e -> e.goCopiedBytes).containsExactly(7200L, 22600L, 54400L, 119000L);
        assertThat(growths).extracting(e -> e.goGrowths).containsExactly(1L, 2L, 3L, 4L);
        assertThat(growths).extracting(e -> e.stackBytes).containsExactly(7300L, 15500L, 31900L, 64700L);
    }

    @Test
    void growthEventsOnlyWithTraceGrowth() throws Throwable {
        List<StackEvent> events = runOnFreshThread(Policy.builder().build(), fixedCapacity(1_000_000), () -> {
            enterTimes(700, fooBar, 100);
            assertThat(Tracker.current().go().growths()).isEqualTo(4);
        });

        assertThat(events).isEmpty();
    }

    @Test
    void theFirstRestAfterACollectionIsTheCollectorsVisit() throws Throwable {
        runOnFreshThread(Policy.builder().build(), fixedCapacity(1_000_000), () -> {
            ThreadStackState s = Tracker.current();
            enterTimes(700, fooBar, 100);          // 131072
            exitTimes(699, fooBar, 100);
            CollectorCycles.completed();
            assertThat(s.go().sizeBytes()).as("no shrink while frames are live").isEqualTo(131072);
            exitTimes(1, fooBar, 100);             // depth 0 after a collection: one halving
            assertThat(s.go().sizeBytes()).isEqualTo(65536);
            assertThat(s.go().shrinks()).isEqualTo(1);
            assertThat(s.go().copiedBytes()).isEqualTo(119000);
            enterTimes(1, fooBar, 100);
            exitTimes(1, fooBar, 100);             // at rest again, no collection since: no shrink
            assertThat(s.go().sizeBytes()).isEqualTo(65536);
        });
    }

    @Test
    void withoutACollectionAShallowCallAfterADeepOneDoesNotGrowAgain() throws Throwable {
        runOnFreshThread(Policy.builder().build(), fixedCapacity(1_000_000), () -> {
            ThreadStackState s = Tracker.current();
            for (int round = 0; round < 10; round++) {
                enterTimes(100, fooBar, 100);      // 10,000 bytes: one growth from 8 KiB
                exitTimes(100, fooBar, 100);
            }
            assertThat(s.go().growths()).as("Go keeps a grown stack until the collector shrinks it").isEqualTo(1);
        });
    }

    @Test
    void goPresetComesFromThePolicy() throws Throwable {
        Policy policy = Policy.builder().go(GoStackParameters.GO).traceGrowth(true).build();
        List<StackEvent> events = runOnFreshThread(policy, fixedCapacity(1_000_000), () -> {
            ThreadStackState s = Tracker.current();
            assertThat(s.go().sizeBytes()).isEqualTo(2048);
            assertThat(s.go().maxBytes()).isEqualTo(1_000_000);
            enterTimes(12, fooBar, 100); // 1,200 + 928 > 2,048
            assertThat(s.go().sizeBytes()).isEqualTo(4096);
            assertThat(s.go().copiedBytes()).isEqualTo(1100);
        });

        assertThat(ofType(events, EventType.GROWTH)).singleElement().satisfies(g -> assertThat(g.depth).isEqualTo(12));
    }

    @Test
    void goModelOverflowAtThreadCapacityIsReported() throws Throwable {
        List<StackEvent> events = runOnFreshThread(Policy.builder().build(), fixedCapacity(CAPACITY), () -> {
            ThreadStackState s = Tracker.current();
            enterTimes(64, fooBar, FRAME);
            assertThat(s.go().overflowed()).isFalse();
            assertThat(s.go().sizeBytes()).isEqualTo(65536);
            Tracker.enter(fooBar, FRAME); // 65,000 + 896 > 65,536; 131,072 > 100,000
            assertThat(s.go().overflowed()).isTrue();
            assertThat(s.depth).as("the model's overflow does not stop the call").isEqualTo(65);
        });

        assertThat(ofType(events, EventType.GO_OVERFLOW)).singleElement().satisfies(g -> {
            assertThat(g.depth).isEqualTo(65);
            assertThat(g.stackBytes).isEqualTo(65_000);
            assertThat(g.reason).isEqualTo(Reason.GO_MAX);
            assertThat(g.limit).isEqualTo(100_000);
            assertThat(g.goStackSize).isEqualTo(65536);
            assertThat(g.goGrowths).isEqualTo(3);
            assertThat(g.goCopiedBytes).isEqualTo(7000 + 15000 + 31000);
        });
        assertThat(EventType.GO_OVERFLOW.jsonName()).isEqualTo("go-overflow");
        assertThat(EventType.WARN.jsonName()).isEqualTo("warn");
    }

    @Test
    void eventsCarryTheGoModelAtTheirTime() throws Throwable {
        List<StackEvent> events = runOnFreshThread(Policy.builder().build(), fixedCapacity(CAPACITY), () ->
                enterTimes(70, fooBar, FRAME));

        StackEvent w = ofType(events, EventType.WARN).get(0);
        assertThat(w.goStackSize).isEqualTo(65536);
        assertThat(w.goGrowths).isEqualTo(3);
        assertThat(w.goCopiedBytes).isEqualTo(53_000);
    }

    // ---------------------------------------------------------------- re-entry, peaks

    @Test
    void agentsOwnWorkReenteringInstrumentedCodeIsNotCounted() throws Throwable {
        runOnFreshThread(Policy.builder().build(), fixedCapacity(CAPACITY), () -> {
            ThreadStackState s = Tracker.current();
            enterTimes(69, fooBar, FRAME);
            s.cold.busy = true; // as while the cold path runs
            assertThat(Tracker.isUncounted(Tracker.enter(fooBar, FRAME))).as("crossing while busy").isTrue();
            assertThat(s.depth).isEqualTo(69);
            assertThat(s.warnings()).isZero();
            s.cold.busy = false;
            assertThat(Tracker.enter(fooBar, FRAME)).isSameAs(s);
            assertThat(s.warnings()).isEqualTo(1);
        });
    }

    @Test
    void peaksAreRecordedAtColdPathVisits() throws Throwable {
        runOnFreshThread(Policy.builder().build(), fixedCapacity(CAPACITY), () -> {
            ThreadStackState s = Tracker.current();
            enterTimes(70, fooBar, FRAME);
            assertThat(s.peakDepth()).isEqualTo(70);
            assertThat(s.peakBytes()).isEqualTo(70_000);
        });
    }

    @Test
    void warmUpIsSilentAndLeavesTheCallingThreadUntouched() throws Throwable {
        List<StackEvent> events = runOnFreshThread(Policy.builder().build(), fixedCapacity(CAPACITY), () -> {
            ThreadStackState s = Tracker.current();
            Tracker.warmUp();
            assertThat(Tracker.current()).isSameAs(s);
            assertThat(s.depth).isZero();
            assertThat(s.bytes).isZero();
            assertThat(s.warnings()).isZero();
            assertThat(s.interceptions()).isZero();
            assertThat(s.overflows()).isZero();
        });

        assertThat(events).isEmpty();
    }

    @Test
    void methodRegistryGivesStableIdsAndNames() {
        int a = MethodRegistry.register("demo.Registry#a");
        int b = MethodRegistry.register("demo.Registry#b");

        assertThat(MethodRegistry.register("demo.Registry#a")).isEqualTo(a);
        assertThat(b).isNotEqualTo(a);
        assertThat(MethodRegistry.name(a)).isEqualTo("demo.Registry#a");
        assertThat(MethodRegistry.name(b)).isEqualTo("demo.Registry#b");
        assertThat(MethodRegistry.name(-1)).isEqualTo("?");
        assertThat(MethodRegistry.name(1_000_000)).isEqualTo("?");
    }
}
