package io.stackwatch.agent.endpoint;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.stackwatch.agent.config.ListenAddress;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The agent's HTTP endpoint ({@code prometheus=host:port}), on the JDK's own HTTP server. It serves
 * the {@link Pages} registered, by exact path, to GET and HEAD only: 404 for any other path, 405 for
 * any other method. It reads no request body and takes no parameters. Its threads are daemons, so it
 * never keeps the application's JVM alive.
 */
public final class HttpEndpoint {

    private final HttpServer server;
    private final ExecutorService executor;

    private HttpEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds and starts serving. Call from a daemon thread: the server's dispatcher thread takes its
     * daemon status from the thread that starts it.
     *
     * @throws IOException when the address cannot be bound (port taken, unknown host)
     */
    public static HttpEndpoint start(ListenAddress address) throws IOException {
        InetAddress host = InetAddress.getByName(address.host());
        HttpServer server = HttpServer.create(new InetSocketAddress(host, address.port()), 16);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "stackwatch-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", HttpEndpoint::handle);
        server.start();
        return new HttpEndpoint(server, executor);
    }

    /** The address actually bound (the port chosen when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** {@code http://host:port} */
    public String url() {
        InetSocketAddress a = server.getAddress();
        String h = a.getAddress().getHostAddress();
        return "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
    }

    public void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            Pages.Page page = Pages.at(exchange.getRequestURI().getPath());
            if (page == null) {
                reply(exchange, 404, "text/plain; charset=utf-8", "not found\n", true);
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n", true);
            } else {
                String body;
                try {
                    body = page.body.get();
                } catch (RuntimeException | LinkageError e) {
                    reply(exchange, 500, "text/plain; charset=utf-8", "stackwatch could not build this page\n", true);
                    return;
                }
                reply(exchange, 200, page.contentType, body, !method.equals("HEAD"));
            }
        }
    }

    private static void reply(HttpExchange exchange, int status, String contentType, String body, boolean withBody)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (withBody) {
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } else {
            exchange.sendResponseHeaders(status, -1);
        }
    }
}
