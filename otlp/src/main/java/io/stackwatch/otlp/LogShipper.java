package io.stackwatch.otlp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Sends queued log records to the OTLP/HTTP logs endpoint in batches, from a daemon thread of its
 * own: at most one second after an event, or as soon as a batch is full. A failed export is said
 * once (and again when exports work again, see {@link Endpoint}); its records are dropped and
 * counted, never retried for ever, so a collector that is down costs a bounded queue and nothing else.
 */
final class LogShipper {

    static final int QUEUE = 4096;
    static final int BATCH = 512;
    private static final long LINGER_MILLIS = 1000;

    private final ExportSettings settings;
    private final LogRecords records;
    private final Endpoint endpoint;
    private final BlockingQueue<Map<String, Object>> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    LogShipper(ExportSettings settings, LogRecords records, Consumer<String> problems, ThreadFactory threads) {
        this.settings = settings;
        this.records = records;
        this.endpoint = new Endpoint("log", settings.logsUrl(), problems);
        this.thread = threads.newThread(this::run);
        thread.start();
    }

    void offer(Map<String, Object> record) {
        if (!queue.offer(record)) {
            dropped.incrementAndGet();
        }
    }

    long dropped() {
        return dropped.get();
    }

    private void run() {
        List<Map<String, Object>> batch = new ArrayList<>();
        while (running) {
            try {
                Map<String, Object> first = queue.poll(LINGER_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS);
                while (batch.size() < BATCH) {
                    Map<String, Object> next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                send(batch);
            } catch (InterruptedException stop) {
                // closing: what this batch holds is sent now, the rest of the queue by close()
                send(batch);
                return;
            } catch (RuntimeException | LinkageError e) {
                dropped.addAndGet(batch.size());
            }
            batch.clear();
        }
    }

    /** Sends what is queued (for at most three seconds) and stops the thread. */
    void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        List<Map<String, Object>> batch = new ArrayList<>();
        while (!queue.isEmpty() && System.nanoTime() < deadline) {
            queue.drainTo(batch, BATCH);
            send(batch);
            batch.clear();
        }
    }

    private void send(List<Map<String, Object>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        if (!endpoint.post(records.request(batch), settings.headers(), batch.size() + " event(s)")) {
            dropped.addAndGet(batch.size());
        }
    }
}
