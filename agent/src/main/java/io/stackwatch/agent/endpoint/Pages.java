package io.stackwatch.agent.endpoint;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The pages the agent's HTTP endpoint serves, by exact path: {@code /metrics} from the metrics, and
 * any other part of the agent may add its own (the live report at {@code /stackwatch}). A page is
 * built when it is asked for, on the endpoint's thread.
 */
public final class Pages {

    /** One page: its content type and how to build its body. */
    public static final class Page {
        final String contentType;
        final Supplier<String> body;

        Page(String contentType, Supplier<String> body) {
            this.contentType = contentType;
            this.body = body;
        }
    }

    private static final Map<String, Page> PAGES = new ConcurrentHashMap<>();

    private Pages() {
    }

    /**
     * Serves {@code body} at {@code path} (for example {@code "/stackwatch"}, {@code "text/plain; charset=utf-8"}).
     * Registering a path again replaces its page.
     */
    public static void register(String path, String contentType, Supplier<String> body) {
        if (path == null || !path.startsWith("/") || path.contains("..") || path.contains("?")) {
            throw new IllegalArgumentException("a page path starts with / and has no .. or ?: " + path);
        }
        PAGES.put(path, new Page(contentType, body));
    }

    static Page at(String path) {
        return PAGES.get(path);
    }
}
