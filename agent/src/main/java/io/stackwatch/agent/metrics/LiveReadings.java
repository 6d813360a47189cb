package io.stackwatch.agent.metrics;

import io.stackwatch.core.gomodel.GoStackModel;
import io.stackwatch.core.tracking.LiveThreads;
import io.stackwatch.core.tracking.ThreadStackState;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The live tracked threads' figures, read when a meter is scraped. One walk over the live states
 * serves every meter of a scrape: a reading is reused for {@link #MAX_AGE_NANOS}.
 */
public final class LiveReadings {

    /** How many threads the per-thread peak meters show: the deepest ones. */
    public static final int TOP_THREADS = 5;
    static final long MAX_AGE_NANOS = 250_000_000L;

    private Reading last;

    /** The figures now (or from the last quarter second). */
    public synchronized Reading now() {
        long t = System.nanoTime();
        if (last == null || t - last.takenNanos > MAX_AGE_NANOS) {
            last = read(t);
        }
        return last;
    }

    private static Reading read(long takenNanos) {
        Reading r = new Reading(takenNanos);
        List<ThreadPeak> peaks = new ArrayList<>();
        LiveThreads.forEach(s -> {
            r.threads++;
            long capacity = s.capacityBytes();
            long inUse = s.bytesInUse();
            int depth = s.depth();
            r.maxDepth = Math.max(r.maxDepth, depth);
            r.stackInuseBytes += Math.max(0, inUse);
            // Accessors may answer null for a state without its cold part (never listed, but read defensively).
            GoStackModel go = s.go();
            if (go != null) {
                r.goStackInuseBytes += go.sizeBytes();
            }
            if (capacity > 0) {
                r.maxUsageRatio = Math.max(r.maxUsageRatio, (double) inUse / capacity);
            }
            peaks.add(ThreadPeak.of(s));
        });
        peaks.sort(Comparator.comparingDouble(ThreadPeak::ratio).thenComparingInt(ThreadPeak::depth).reversed());
        r.topPeaks = Collections.unmodifiableList(new ArrayList<>(peaks.subList(0, Math.min(TOP_THREADS, peaks.size()))));
        return r;
    }

    /** One walk's figures. */
    public static final class Reading {
        final long takenNanos;
        int threads;
        int maxDepth;
        double maxUsageRatio;
        long stackInuseBytes;
        long goStackInuseBytes;
        List<ThreadPeak> topPeaks = List.of();

        Reading(long takenNanos) {
            this.takenNanos = takenNanos;
        }

        /** Live tracked threads. */
        public int threads() {
            return threads;
        }

        /** The deepest instrumented depth on any live tracked thread now. */
        public int maxDepth() {
            return maxDepth;
        }

        /** The highest share of its stack any live tracked thread uses now. */
        public double maxUsageRatio() {
            return maxUsageRatio;
        }

        /** Bytes of real stack the live tracked threads use now (read or estimated). */
        public long stackInuseBytes() {
            return stackInuseBytes;
        }

        /** The Go model's StackInuse: the sum of the live tracked threads' simulated stacks. */
        public long goStackInuseBytes() {
            return goStackInuseBytes;
        }

        /** The {@link #TOP_THREADS} threads with the highest peak, highest first. */
        public List<ThreadPeak> topPeaks() {
            return topPeaks;
        }
    }

    /** A live thread's peak since it was first tracked. */
    public static final class ThreadPeak {
        static final int MAX_NAME = 120;
        private final String thread;
        private final long threadId;
        private final double ratio;
        private final int depth;

        ThreadPeak(String thread, long threadId, double ratio, int depth) {
            this.thread = thread;
            this.threadId = threadId;
            this.ratio = ratio;
            this.depth = depth;
        }

        static ThreadPeak of(ThreadStackState s) {
            Thread t = s.thread();
            long capacity = s.capacityBytes();
            // The peak is an estimate taken at cold-path visits: carry it by the last real reading's
            // offset (what bytesInUse adds to the estimate), and take the thread's bytes now if higher.
            long inUse = s.bytesInUse();
            long bytes = Math.max(s.peakBytes() + (inUse - s.bytes), inUse);
            int depth = Math.max(s.peakDepth(), s.depth());
            // A real overflow's frames reach the end of the stack: the peak is then the whole of it.
            double ratio = capacity > 0 ? Math.min(1.0, Math.max(0.0, (double) bytes / capacity)) : 0;
            return t == null ? new ThreadPeak("?", -1, ratio, depth) : new ThreadPeak(name(t), t.getId(), ratio, depth);
        }

        /** The thread's name, cut to a length a dashboard can show (the full name is in the event log). */
        static String name(Thread t) {
            String n = t.getName();
            return n.length() <= MAX_NAME ? n : n.substring(0, MAX_NAME - 1) + "…";
        }

        public String thread() {
            return thread;
        }

        public long threadId() {
            return threadId;
        }

        /** Peak bytes in use over the thread's capacity. */
        public double ratio() {
            return ratio;
        }

        /** Peak instrumented depth. */
        public int depth() {
            return depth;
        }
    }
}
