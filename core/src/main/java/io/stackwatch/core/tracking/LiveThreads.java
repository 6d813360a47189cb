package io.stackwatch.core.tracking;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The states of the threads alive and tracked now, for readers off the instrumented threads
 * (metrics when scraped, the live report, the patrol).
 *
 * <p>Which threads: every live thread that has taken the tracker's cold path at least once, which
 * is every thread that went past its first mark (its first real reading at 32 instrumented frames
 * when native readings are on, the Go model's first growth at about 7 KiB of estimated stack, a
 * limit) or whose state was asked for ({@link Tracker#current()}). A thread that has only ever been
 * a few instrumented calls deep is not listed: it keeps only its small hot state, and its figures
 * (depth under 32 frames, no growth, no warning) are not worth a reader's time or its memory.
 *
 * <p>Entries are weak: a state lives exactly as long as its thread's thread-local map holds it, so a
 * million short-lived threads leave nothing behind. Registration happens once per thread, on its
 * first cold-path visit (never on the hot path); dead entries are dropped on the next registration or read.
 */
public final class LiveThreads {

    private static final ReferenceQueue<ThreadStackState> GONE = new ReferenceQueue<>();
    // java.util.concurrent and java.lang.ref are never instrumented, so registering cannot re-enter
    // the tracker even when JDK packages are included.
    private static final Set<Entry> ENTRIES = ConcurrentHashMap.newKeySet();

    private LiveThreads() {
    }

    static void register(ThreadStackState state) {
        expunge();
        ENTRIES.add(new Entry(state));
    }

    /** Calls {@code action} with each live tracked state. States are read without locking: figures may be a moment stale. */
    public static void forEach(Consumer<ThreadStackState> action) {
        expunge();
        for (Entry e : ENTRIES) {
            ThreadStackState s = e.get();
            if (s != null) {
                action.accept(s);
            }
        }
    }

    /** The live tracked states now. */
    public static List<ThreadStackState> snapshot() {
        expunge();
        List<ThreadStackState> out = new ArrayList<>(ENTRIES.size());
        for (Entry e : ENTRIES) {
            ThreadStackState s = e.get();
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** How many tracked threads are alive (states not yet collected). */
    public static int count() {
        expunge();
        return ENTRIES.size();
    }

    private static void expunge() {
        Object gone;
        while ((gone = GONE.poll()) != null) {
            ENTRIES.remove(gone);
        }
    }

    private static final class Entry extends WeakReference<ThreadStackState> {
        Entry(ThreadStackState state) {
            super(state, GONE);
        }
    }
}
