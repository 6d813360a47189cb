package io.stackwatch.core.event;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The hand-off from instrumented threads to the agent's background thread. Lock-free on the
 * producing side: an offer may run near the end of an exhausted stack, and a lock acquired there can
 * be left held when the stack runs out halfway through (HotSpot warns of exactly that in
 * {@code ReentrantLock}). A failed offer loses one event, never the queue. Bounded: an event that
 * does not fit is counted as dropped, so an instrumented thread never waits here.
 */
public final class EventQueue {

    static final int CAPACITY = 8192;

    private static final ConcurrentLinkedQueue<StackEvent> QUEUE = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger SIZE = new AtomicInteger();
    private static final AtomicLong DROPPED = new AtomicLong();

    private EventQueue() {
    }

    /** Offers an event without blocking; returns false (and counts a drop) when the queue is full. */
    public static boolean offer(StackEvent event) {
        if (SIZE.get() >= CAPACITY) {
            DROPPED.incrementAndGet();
            return false;
        }
        // Add first, count after: if the stack runs out in between, the count is one low (the bound
        // loosens by one event) rather than one high for good (which would end in dropping everything).
        QUEUE.offer(event);
        SIZE.incrementAndGet();
        return true;
    }

    /** Waits up to the timeout for the next event (polling: the consumer is one background thread); null when none came. */
    public static StackEvent poll(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            StackEvent e = QUEUE.poll();
            if (e != null) {
                SIZE.decrementAndGet();
                return e;
            }
            if (System.nanoTime() >= deadline) {
                return null;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            LockSupport.parkNanos(5_000_000L);
        }
    }

    /** Events lost because the queue was full. */
    public static long dropped() {
        return DROPPED.get();
    }

    /** Events waiting now (a moment stale while producers offer). */
    public static int size() {
        return Math.max(0, SIZE.get());
    }

    public static boolean isEmpty() {
        return QUEUE.isEmpty();
    }
}
