package io.stackwatch.agent.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The methods counted because a cycle was learned at run time, and when and how: an overflow or a
 * warning in such a cycle says so, since nothing watched it before.
 */
public final class LearnedCycles {

    /** What showed the agent the cycle. */
    public enum Source {
        /** A real {@link StackOverflowError}'s stack trace. */
        OVERFLOW("overflow"),
        /** A patrol round's thread deeper than {@code patrolDepth}. */
        PATROL("patrol");

        private final String jsonName;

        Source(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }
    }

    /** One learning: when, from what, on which thread, the cycle's methods. */
    public static final class Learned {
        private final Instant at;
        private final Source source;
        private final String thread;
        private final List<String> cycle;

        public Learned(Instant at, Source source, String thread, List<String> cycle) {
            this.at = at;
            this.source = source;
            this.thread = thread;
            this.cycle = cycle;
        }

        public Instant at() {
            return at;
        }

        public Source source() {
            return source;
        }

        public String thread() {
            return thread;
        }

        public List<String> cycle() {
            return cycle;
        }
    }

    private final Map<String, Learned> byMethod = new ConcurrentHashMap<>();

    /** Records that {@code method} ({@code pkg.Class#name}) is counted since {@code learned}. */
    public void add(String method, Learned learned) {
        byMethod.putIfAbsent(method, learned);
    }

    /** How {@code method} came to be counted, or null when it was not learned. */
    public Learned of(String method) {
        return method == null ? null : byMethod.get(method);
    }

    public int size() {
        return byMethod.size();
    }
}
