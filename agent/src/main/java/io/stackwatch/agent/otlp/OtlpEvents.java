package io.stackwatch.agent.otlp;

import io.stackwatch.agent.events.AgentNotes;
import io.stackwatch.core.event.StackEvent;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Hands the events to the OTLP export as log records. Added to the event pump before it runs (on the
 * way to main: no lambdas, nothing loaded); the events that come before the export is up are kept
 * (at most {@value #EARLY}, then counted as lost) and sent once it is.
 */
public final class OtlpEvents implements Consumer<StackEvent>, AgentNotes, AutoCloseable {

    static final int EARLY = 256;

    private final ArrayDeque<Map<String, Object>> early = new ArrayDeque<>();
    private Consumer<Map<String, Object>> sink;
    private AutoCloseable export;
    private long lostEarly;
    private boolean closed;

    @Override
    public void accept(StackEvent e) {
        deliver(EventRecords.of(e));
    }

    @Override
    public void note(boolean warning, String text, String json) {
        deliver(EventRecords.note(warning, text, json));
    }

    private synchronized void deliver(Map<String, Object> record) {
        if (closed) {
            return;
        }
        if (sink != null) {
            sink.accept(record);
        } else if (early.size() < EARLY) {
            early.add(record);
        } else {
            lostEarly++;
        }
    }

    /**
     * The export is up: sends what was kept, and everything from now on. If the events were closed
     * meanwhile (the JVM exits, or the agent is detached, while the export was still loading), closes
     * the export at once: it publishes the meters and sends what was kept, once.
     */
    long attach(Consumer<Map<String, Object>> sink, AutoCloseable export) {
        boolean closedAlready;
        long lost;
        synchronized (this) {
            this.sink = sink;
            while (!early.isEmpty()) {
                sink.accept(early.poll());
            }
            lost = lostEarly;
            closedAlready = closed;
            if (!closedAlready) {
                this.export = export;
            }
        }
        if (closedAlready) {
            try {
                export.close();
            } catch (Exception | LinkageError failed) {
                // the export's own lines say what could not be sent
            }
        }
        return lost;
    }

    /** At shutdown, after the pump's last events: publishes the meters once more and sends the records left. */
    @Override
    public void close() throws Exception {
        AutoCloseable e;
        synchronized (this) {
            closed = true;
            e = export;
            export = null;
        }
        if (e != null) {
            e.close();
        }
    }
}
