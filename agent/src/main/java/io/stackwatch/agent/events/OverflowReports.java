package io.stackwatch.agent.events;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers which real overflow of each thread has been reported. The tracker retries an overflow
 * report frame by frame until one fits on the exhausted stack; a retry after a report that did get
 * queued carries the same episode number and is dropped here. Bounded to the most recent threads.
 */
final class OverflowReports {

    private static final int MAX_THREADS = 10_000;

    private final Map<Long, Long> lastEpisode = new LinkedHashMap<Long, Long>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > MAX_THREADS;
        }
    };

    /** True the first time this thread's overflow episode is seen. */
    boolean firstReport(long threadId, long episode) {
        Long last = lastEpisode.put(threadId, episode);
        return last == null || last != episode;
    }
}
