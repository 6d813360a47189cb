package io.stackwatch.agent.endpoint;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The pages the agent's HTTP endpoint serves, by exact path: {@code /metrics} from the metrics, and
 * any other part of the agent may add its own. Report pages (the live report at {@code /stackwatch})
 * show every thread's name and frames and cost a thread dump: the endpoint serves them only where
 * {@code reportPages} allows, and builds each at most once every {@link #REPORT_INTERVAL_MILLIS}.
 */
public final class Pages {

    /** A report page is rebuilt at most this often; requests in between get the last one (it carries its time). */
    static final long REPORT_INTERVAL_MILLIS = 10_000;

    /** One page: its content type, how to build its body, and whether it is a report page. */
    static final class Page {
        final String contentType;
        final Supplier<String> body;
        final boolean report;

        Page(String contentType, Supplier<String> body, boolean report) {
            this.contentType = contentType;
            this.body = body;
            this.report = report;
        }
    }

    private static final Map<String, Page> PAGES = new ConcurrentHashMap<>();

    private Pages() {
    }

    /**
     * Serves {@code body} at {@code path} (for example {@code "/metrics"}, {@code "text/plain; charset=utf-8"}).
     * Registering a path again replaces its page.
     */
    public static void register(String path, String contentType, Supplier<String> body) {
        put(path, new Page(contentType, body, false));
    }

    /** A report page: served only where {@code reportPages} allows, built at most once every ten seconds. */
    public static void registerReport(String path, String contentType, Supplier<String> body) {
        put(path, new Page(contentType, new Throttled(body, TimeUnit.MILLISECONDS.toNanos(REPORT_INTERVAL_MILLIS)), true));
    }

    private static void put(String path, Page page) {
        if (path == null || !path.startsWith("/") || path.contains("..") || path.contains("?")) {
            throw new IllegalArgumentException("a page path starts with / and has no .. or ?: " + path);
        }
        PAGES.put(path, page);
    }

    static Page at(String path) {
        return PAGES.get(path);
    }

    /**
     * A body built at most once per interval, however often it is asked for: a report reads every
     * thread's stack (about 1 s of short pauses with 10,000 threads), and a client asking in a loop
     * must not turn that into pauses without end. Callers at the same time share one build.
     */
    static final class Throttled implements Supplier<String> {
        private final Supplier<String> body;
        private final long intervalNanos;
        private String last;
        private long builtAt;

        Throttled(Supplier<String> body, long intervalNanos) {
            this.body = body;
            this.intervalNanos = intervalNanos;
        }

        @Override
        public synchronized String get() {
            if (last == null || System.nanoTime() - builtAt >= intervalNanos) {
                last = body.get();
                // From the end of the build: a slow build is followed by a full interval without one.
                builtAt = System.nanoTime();
            }
            return last;
        }
    }
}
