package io.stackwatch.agent.endpoint;

import io.stackwatch.agent.config.AgentConfig;
import io.stackwatch.agent.config.ListenAddress;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The agent's HTTP endpoint ({@code prometheus=host:port}): the {@link Pages} registered, by exact
 * path, to GET and HEAD only (404 for any other path, 405 for any other method), one request per
 * connection, no body read, no parameters taken.
 *
 * <p>Built so that no client can silence it. One thread reads every connection without blocking, so
 * a client that sends half a request (or nothing) holds no thread; a request must arrive within
 * {@link #REQUEST_MILLIS} and a whole exchange end within {@link #EXCHANGE_MILLIS}, else the
 * connection is dropped; at most {@link #MAX_CONNECTIONS} are open, and a new one pushes out the
 * oldest that is still sending its request. Pages are built off that thread: the metrics on one
 * thread and the report pages on another, so a report never holds up a scrape. On a loopback bind
 * only requests naming a loopback host are answered ({@link HostCheck}); the report pages are served
 * where {@code reportPages} allows. Every thread is a daemon: the endpoint never keeps the JVM alive.
 */
public final class HttpEndpoint {

    static final int MAX_CONNECTIONS = 64;
    static final long REQUEST_MILLIS = 5_000;
    static final long EXCHANGE_MILLIS = 30_000;
    /** After the reply, how long the client may take to close its side (so that closing ours resets nothing). */
    static final long LINGER_MILLIS = 2_000;
    static final int MAX_HEAD_BYTES = 8 * 1024;
    /** Pages waiting to be built, per builder; beyond that a request is answered 503. */
    static final int MAX_QUEUED_PAGES = 16;

    private final ServerSocketChannel server;
    private final Selector selector;
    private final InetSocketAddress bound;
    private final HostCheck hosts;
    private final boolean reportPages;
    private final ThreadPoolExecutor metricsBuilder = builder("stackwatch-http-metrics");
    private final ThreadPoolExecutor reportBuilder = builder("stackwatch-http-report");
    /** Connections whose reply a builder has finished, for the I/O thread to send. */
    private final Queue<Connection> built = new ConcurrentLinkedQueue<>();
    /** Every open connection, oldest first; the I/O thread's own. */
    private final List<Connection> open = new ArrayList<>();
    private final Thread io;
    private volatile boolean running = true;

    private HttpEndpoint(ServerSocketChannel server, Selector selector, HostCheck hosts, boolean reportPages)
            throws IOException {
        this.server = server;
        this.selector = selector;
        this.bound = (InetSocketAddress) server.getLocalAddress();
        this.hosts = hosts;
        this.reportPages = reportPages;
        this.io = new Thread(this::serve, "stackwatch-http");
        io.setDaemon(true);
    }

    /**
     * Binds and starts serving.
     *
     * @throws IOException when the address cannot be bound (port taken, unknown host)
     */
    public static HttpEndpoint start(ListenAddress address, AgentConfig.ReportPages reports) throws IOException {
        InetAddress host = InetAddress.getByName(address.host());
        ServerSocketChannel server = ServerSocketChannel.open();
        Selector selector = null;
        try {
            server.bind(new InetSocketAddress(host, address.port()), 64);
            server.configureBlocking(false);
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
            boolean loopback = host.isLoopbackAddress();
            boolean served = reports == AgentConfig.ReportPages.ON
                    || reports == AgentConfig.ReportPages.ON_LOOPBACK && loopback;
            HttpEndpoint endpoint = new HttpEndpoint(server, selector, new HostCheck(host, address.host()), served);
            endpoint.io.start();
            return endpoint;
        } catch (IOException | RuntimeException e) {
            server.close();
            if (selector != null) {
                selector.close();
            }
            throw e;
        }
    }

    /** The address actually bound (the port chosen when 0 was asked for). */
    public InetSocketAddress address() {
        return bound;
    }

    /** {@code http://host:port} */
    public String url() {
        String h = bound.getAddress().getHostAddress();
        return "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + bound.getPort();
    }

    /** Whether {@code /stackwatch} and {@code /stackwatch.json} are served here. */
    public boolean servesReportPages() {
        return reportPages;
    }

    /** Stops serving: the port is closed when this returns (within two seconds). */
    public void stop() {
        running = false;
        selector.wakeup();
        metricsBuilder.shutdownNow();
        reportBuilder.shutdownNow();
        try {
            io.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadPoolExecutor builder(String name) {
        ThreadPoolExecutor e = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_QUEUED_PAGES), r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
        // Idle between scrapes: no thread kept for it.
        e.allowCoreThreadTimeOut(true);
        return e;
    }

    /** One client connection, through its phases. */
    private static final class Connection {
        final SocketChannel channel;
        final SelectionKey key;
        final long opened = System.nanoTime();
        final byte[] head = new byte[MAX_HEAD_BYTES];
        int headLength;
        /** Set once the request is complete (then it is being built, sent or closed). */
        boolean requested;
        ByteBuffer reply;
        /** Set once the reply is sent: waiting for the client to close. */
        long sentAt;

        Connection(SocketChannel channel, SelectionKey key) {
            this.channel = channel;
            this.key = key;
        }
    }

    private void serve() {
        try {
            while (running) {
                try {
                    selector.select(250);
                    for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                        SelectionKey key = it.next();
                        it.remove();
                        handle(key);
                    }
                    Connection c;
                    while ((c = built.poll()) != null) {
                        send(c, c.reply);
                    }
                    expire(System.nanoTime());
                } catch (IOException | RuntimeException unexpected) {
                    // Keep serving: one bad moment must not end the endpoint.
                }
            }
        } finally {
            for (Connection c : new ArrayList<>(open)) {
                close(c);
            }
            try {
                server.close();
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void handle(SelectionKey key) {
        try {
            if (!key.isValid()) {
                return;
            }
            if (key.isAcceptable()) {
                accept();
                return;
            }
            Connection c = (Connection) key.attachment();
            try {
                if (key.isReadable()) {
                    read(c);
                } else if (key.isWritable()) {
                    write(c);
                }
            } catch (IOException gone) {
                close(c);
            }
        } catch (CancelledKeyException closed) {
            // closed meanwhile
        }
    }

    private void accept() {
        SocketChannel ch;
        try {
            while ((ch = server.accept()) != null) {
                if (open.size() >= MAX_CONNECTIONS && !dropOldestWaiting()) {
                    ch.close();
                    continue;
                }
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
                Connection c = new Connection(ch, key);
                key.attach(c);
                open.add(c);
            }
        } catch (IOException e) {
            // the next select tries again
        }
    }

    /** Makes room by closing the oldest connection still sending its request; false when there is none. */
    private boolean dropOldestWaiting() {
        for (Connection c : open) {
            if (!c.requested) {
                close(c);
                return true;
            }
        }
        return false;
    }

    private void read(Connection c) throws IOException {
        if (c.sentAt != 0) {
            // Lingering after the reply: discard whatever comes until the client closes.
            if (c.channel.read(ByteBuffer.allocate(512)) < 0) {
                close(c);
            }
            return;
        }
        if (c.requested) {
            return;
        }
        int n = c.channel.read(ByteBuffer.wrap(c.head, c.headLength, c.head.length - c.headLength));
        if (n < 0) {
            close(c);
            return;
        }
        c.headLength += n;
        int end = RequestHead.end(c.head, c.headLength);
        if (end < 0) {
            if (c.headLength == c.head.length) {
                c.requested = true;
                send(c, Reply.text(431, "request head larger than " + MAX_HEAD_BYTES + " bytes\n"));
            }
            return;
        }
        c.requested = true;
        c.key.interestOps(0);
        respond(c, RequestHead.parse(c.head, end));
    }

    private void respond(Connection c, RequestHead request) {
        if (request == null) {
            send(c, Reply.text(400, "bad request\n"));
            return;
        }
        if (!hosts.accepts(request.host)) {
            send(c, Reply.text(403, "this endpoint answers requests to a loopback host only\n"));
            return;
        }
        Pages.Page page = Pages.at(request.path);
        if (page == null || page.report && !reportPages) {
            send(c, Reply.text(404, page == null ? "not found\n"
                    : "not found: the report pages are off on this endpoint (reportPages=on serves them)\n"));
            return;
        }
        boolean head = request.method.equals("HEAD");
        if (!head && !request.method.equals("GET")) {
            send(c, Reply.of(405, "text/plain; charset=utf-8", "method not allowed\n", true, "GET, HEAD"));
            return;
        }
        try {
            (page.report ? reportBuilder : metricsBuilder).execute(() -> {
                ByteBuffer reply;
                try {
                    reply = Reply.of(200, page.contentType, page.body.get(), !head);
                } catch (RuntimeException | LinkageError e) {
                    reply = Reply.text(500, "stackwatch could not build this page\n");
                }
                c.reply = reply;
                built.add(c);
                selector.wakeup();
            });
        } catch (RejectedExecutionException busy) {
            send(c, Reply.text(503, "busy: too many requests for this page at once\n"));
        }
    }

    /** Starts sending {@code reply} (on the I/O thread). */
    private void send(Connection c, ByteBuffer reply) {
        if (!c.channel.isOpen()) {
            return;
        }
        c.reply = reply;
        try {
            c.key.interestOps(SelectionKey.OP_WRITE);
            write(c);
        } catch (IOException | CancelledKeyException gone) {
            close(c);
        }
    }

    private void write(Connection c) throws IOException {
        c.channel.write(c.reply);
        if (!c.reply.hasRemaining()) {
            // Sent: close our side for writing, read until the client closes (or the linger ends),
            // so that unread request bytes cannot turn the close into a reset that loses the reply.
            c.channel.shutdownOutput();
            c.sentAt = System.nanoTime();
            c.key.interestOps(SelectionKey.OP_READ);
        }
    }

    /** Drops connections past their time: a request not complete, an exchange too long, a linger over. */
    private void expire(long now) {
        for (Connection c : new ArrayList<>(open)) {
            long age = TimeUnit.NANOSECONDS.toMillis(now - c.opened);
            if (c.sentAt != 0) {
                if (TimeUnit.NANOSECONDS.toMillis(now - c.sentAt) > LINGER_MILLIS) {
                    close(c);
                }
            } else if (!c.requested && age > REQUEST_MILLIS) {
                c.requested = true;
                // Best effort, without waiting: a client that reads nothing gets nothing.
                send(c, Reply.text(408, "request not received in time\n"));
            } else if (age > EXCHANGE_MILLIS) {
                close(c);
            }
        }
    }

    private void close(Connection c) {
        open.remove(c);
        c.key.cancel();
        try {
            c.channel.close();
        } catch (IOException ignored) {
            // gone already
        }
    }
}
