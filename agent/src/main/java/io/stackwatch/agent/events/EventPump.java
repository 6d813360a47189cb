package io.stackwatch.agent.events;

import io.stackwatch.core.event.EventQueue;
import io.stackwatch.core.event.EventType;
import io.stackwatch.core.event.StackEvent;
import io.stackwatch.core.tracking.AgentFaults;
import org.slf4j.Logger;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The agent's background thread: takes events off the queue, derives the cycle and origin, logs the
 * warning and appends the JSON line. All formatting and I/O happens here, never on an instrumented
 * thread. At JVM shutdown it drains what is left.
 */
public final class EventPump implements Runnable, AgentNotes {

    private final Logger log;
    private final JsonEventLog eventLog;
    /** The "events dropped" warning comes at most this often, with the count since the last one. */
    static final long DROP_WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** How long the drain at exit may take: the JVM's exit waits for it. */
    static final long EXIT_DRAIN_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Events at exit logged as text; the rest go to the event log and the meters only (formatting is most of the cost). */
    static final int EXIT_TEXT_LINES = 100;

    private volatile boolean running = true;
    private long faultsReported;
    private long droppedReported;
    private long droppedWarnedAt;
    private Thread thread;
    private Thread shutdownHook;
    private final OverflowReports overflows = new OverflowReports();
    private final List<Consumer<StackEvent>> listeners = new CopyOnWriteArrayList<>();
    private volatile LearnedCycles learned;
    private final List<AgentNotes> noteListeners = new CopyOnWriteArrayList<>();

    public EventPump(Logger log, JsonEventLog eventLog) {
        this.log = log;
        this.eventLog = eventLog;
    }

    /**
     * Hands every event (after an overflow's repeated reports are dropped) to {@code listener} too,
     * on this background thread: metrics counters, JFR events. A listener that fails is logged once
     * per event and does not stop the others.
     */
    public void addListener(Consumer<StackEvent> listener) {
        listeners.add(listener);
    }

    /** Where the events of a method counted since a cycle was learned find when and how (they say so). */
    public void learnedCycles(LearnedCycles learned) {
        this.learned = learned;
    }

    /** Hands every finding of the agent's own checks (see {@link #note}) to {@code listener} too. */
    public void addNoteListener(AgentNotes listener) {
        noteListeners.add(listener);
    }

    public void start() {
        thread = new Thread(this, "stackwatch-events");
        thread.setDaemon(true);
        thread.start();
        // Not this::shutdown: no call site to link on the way to main.
        shutdownHook = new Thread(new Runnable() {
            @Override
            public void run() {
                shutdown();
            }
        }, "stackwatch-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Stops the thread, drains what is queued and closes the event log (detach). */
    public void stop() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            return;
        }
        shutdown();
        if (thread != null) {
            thread.interrupt();
        }
    }

    /**
     * A finding of the agent's own checks (patrol, thread rate, stack in use), made off the
     * instrumented threads: logged and appended to the event log in order with the tracker's events.
     */
    @Override
    public synchronized void note(boolean warning, String text, String json) {
        if (warning) {
            log.warn(text);
        } else {
            log.info(text);
        }
        if (eventLog != null) {
            eventLog.writeLine(json);
        }
        for (AgentNotes l : noteListeners) {
            try {
                l.note(warning, text, json);
            } catch (RuntimeException | LinkageError failed) {
                log.error("event listener failed: {}", failed.toString());
            }
        }
    }

    @Override
    public void run() {
        while (running) {
            try {
                StackEvent e = EventQueue.poll(200, TimeUnit.MILLISECONDS);
                if (e != null) {
                    handle(e);
                }
                reportAgentTrouble(false);
            } catch (InterruptedException stop) {
                return;
            } catch (Throwable t) {
                log.error("event handling failed: {}", t.toString());
            }
        }
    }

    void handle(StackEvent e) {
        handle(e, true);
    }

    /** Logs the event (unless {@code asText} is false), appends it to the event log and hands it to the listeners. */
    synchronized void handle(StackEvent e, boolean asText) {
        if (e.type == EventType.OVERFLOW && !overflows.firstReport(e.threadId, e.overflowEpisode)) {
            return;
        }
        LearnedCycles known = learned;
        EventView view = new EventView(e, known == null ? null : known.of(e.method));
        if (asText) {
            String text = WarningText.of(view);
            if (e.type == EventType.GROWTH || e.type == EventType.GO_OVERFLOW) {
                // The Go model's own story: informative, not an alarm about the real stack.
                log.info(text);
            } else {
                log.warn(text);
            }
        }
        if (eventLog != null) {
            eventLog.write(view);
        }
        for (Consumer<StackEvent> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException | LinkageError failed) {
                log.error("event listener failed: {}", failed.toString());
            }
        }
    }

    /**
     * Says that the agent's own code failed (once) and that events were dropped: at most once every
     * {@link #DROP_WARNING_INTERVAL_NANOS}, with the count since the last time, unless {@code last}.
     */
    private void reportAgentTrouble(boolean last) {
        long faults = AgentFaults.count();
        if (faults > faultsReported) {
            if (faultsReported == 0) {
                Throwable first = AgentFaults.first();
                log.error("internal failure on an instrumented thread, swallowed so the host goes on: {}",
                        first == null ? "?" : first.toString());
            }
            faultsReported = faults;
        }
        long dropped = EventQueue.dropped();
        long now = System.nanoTime();
        if (dropped > droppedReported && (last || droppedReported == 0 || now - droppedWarnedAt >= DROP_WARNING_INTERVAL_NANOS)) {
            log.warn("{} events dropped: more came at once than the queue holds ({} since the start)", dropped - droppedReported,
                    dropped);
            droppedReported = dropped;
            droppedWarnedAt = now;
        }
    }

    /**
     * Drains the queue (for at most {@link #EXIT_DRAIN_NANOS}), then closes the listeners that hold
     * something open (the OTLP export sends what it has) and the event log. Whatever it could not
     * write is counted in one line: nothing is lost without a word.
     */
    void shutdown() {
        running = false;
        long deadline = System.nanoTime() + EXIT_DRAIN_NANOS;
        try {
            if (thread != null) {
                thread.join(500);
            }
            StackEvent e;
            int drained = 0;
            while (System.nanoTime() < deadline && (e = EventQueue.poll(0, TimeUnit.MILLISECONDS)) != null) {
                handle(e, drained++ < EXIT_TEXT_LINES);
            }
            if (drained > EXIT_TEXT_LINES) {
                log.warn("{} more events at exit {}", drained - EXIT_TEXT_LINES,
                        eventLog != null ? "went to the event log and the meters only, not to this log"
                                : "counted in the meters only, not logged here (eventLog= keeps them all)");
            }
            int left = EventQueue.size();
            if (left > 0) {
                log.warn("{} events not written: the JVM exited before they could be (the drain at exit stops after {} s)",
                        left, TimeUnit.NANOSECONDS.toSeconds(EXIT_DRAIN_NANOS));
            }
            reportAgentTrouble(true);
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            log.error("draining events at shutdown failed: {}", t.toString());
        } finally {
            for (Consumer<StackEvent> l : listeners) {
                if (l instanceof AutoCloseable) {
                    try {
                        ((AutoCloseable) l).close();
                    } catch (Exception | LinkageError failed) {
                        log.warn("closing {} at shutdown failed: {}", l.getClass().getSimpleName(), failed.toString());
                    }
                }
            }
            if (eventLog != null) {
                // Not while a note is being written; the drain above must not hold this lock (the
                // event thread may be waiting for it with an event it has already taken).
                synchronized (this) {
                    eventLog.close();
                }
            }
        }
    }
}
