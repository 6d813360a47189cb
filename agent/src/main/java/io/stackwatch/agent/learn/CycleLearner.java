package io.stackwatch.agent.learn;

import io.stackwatch.agent.classfile.MethodRef;
import io.stackwatch.agent.instrument.Instrumenter;
import io.stackwatch.agent.instrument.LearnedCounting;
import io.stackwatch.agent.events.AgentNotes;
import io.stackwatch.agent.json.JsonWriter;
import io.stackwatch.agent.events.LearnedCycles;
import io.stackwatch.core.stack.RecursionCycle;
import io.stackwatch.core.tracking.OverflowSightings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Learns the cycles the bytecode did not show (reflection, proxies, method handles, lambdas, calls
 * through the JDK) from what really ran deep: every real {@link StackOverflowError} the agent gets to
 * see ({@link OverflowSightings}) and every thread a patrol round finds over {@code patrolDepth}. The
 * repeating part of the stack is the cycle; when nothing in it is counted, one of its methods is
 * counted from then on (retransformed), so that the next time the agent warns before the overflow.
 * Each learning is a {@code learned} note in the log and the event log, and the events of that method
 * carry when it was learned.
 *
 * <p>Runs on its own daemon thread: reading a stack trace and a class file is far too slow for the
 * thread that overflowed, which is the application's.
 */
public final class CycleLearner implements Runnable {

    /** How often the sightings are read. */
    static final long POLL_MILLIS = 100;
    /** At most this many cycles are learned (each costs a retransformation): past it, one line says so. */
    static final int MAX_LEARNED = 256;
    /** Patrol sightings waiting: more are dropped (the next round sees the thread again). */
    static final int MAX_PENDING = 64;
    static final int ORIGIN_FRAMES = 12;

    private final Instrumenter.Installed installed;
    private final AgentNotes notes;
    private final LearnedCycles learned;
    private final ConcurrentLinkedQueue<Sighting> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    /** Overflows already read (a trace read here goes through the sighting hook again). Learner thread only. */
    private final Set<Throwable> seen = Collections.newSetFromMap(new WeakHashMap<Throwable, Boolean>());
    /** Cycles already handled, as sorted method lists. Learner thread only. */
    private final Set<List<String>> handled = new HashSet<>();
    private volatile boolean stopped;
    private Thread thread;
    private boolean capReported;
    private int cyclesLearned;

    public CycleLearner(Instrumenter.Installed installed, AgentNotes notes, LearnedCycles learned) {
        this.installed = installed;
        this.notes = notes;
        this.learned = learned;
    }

    public void start() {
        thread = new Thread(this, "stackwatch-learner");
        thread.setDaemon(true);
        thread.start();
    }

    public void stop() {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** A patrol round found a thread this deep in {@code cycle} (called on the patrol's thread). */
    public void deepThread(String threadName, RecursionCycle cycle) {
        if (cycle.found() && pendingCount.get() < MAX_PENDING) {
            pendingCount.incrementAndGet();
            pending.add(new Sighting(LearnedCycles.Source.PATROL, threadName, cycle));
        }
    }

    @Override
    public void run() {
        Throwable[] overflows = new Throwable[16];
        while (!stopped) {
            try {
                Thread.sleep(POLL_MILLIS);
                learnOnce(overflows);
            } catch (InterruptedException stop) {
                return;
            } catch (RuntimeException | LinkageError failed) {
                notes.note(true, "learning a cycle failed (" + failed + "); the next sighting tries again",
                        JsonWriter.object().field("ts", Instant.now().toString()).field("type", "agent-error")
                                .field("what", "learner").field("error", failed.toString()).endObject().toString());
            }
        }
    }

    /** Reads what was sighted since the last call and learns its cycles (tests call it directly). */
    void learnOnce(Throwable[] buffer) {
        int n = OverflowSightings.drain(buffer);
        for (int i = 0; i < n; i++) {
            Throwable t = buffer[i];
            buffer[i] = null;
            if (seen.add(t)) {
                learn(fromOverflow(t));
            }
        }
        for (Sighting s = pending.poll(); s != null; s = pending.poll()) {
            pendingCount.decrementAndGet();
            learn(s);
        }
    }

    private static Sighting fromOverflow(Throwable overflow) {
        StackTraceElement[] trace = overflow.getStackTrace();
        String[] methods = new String[trace.length];
        String[] locations = new String[trace.length];
        for (int i = 0; i < trace.length; i++) {
            methods[i] = trace[i].getClassName() + "#" + trace[i].getMethodName();
            locations[i] = trace[i].toString();
        }
        // The thread is not known from the error itself: the one that threw it may be gone.
        return new Sighting(LearnedCycles.Source.OVERFLOW, null, RecursionCycle.of(methods, locations));
    }

    private void learn(Sighting s) {
        if (!s.cycle.found()) {
            return;
        }
        List<String> key = new ArrayList<>(s.cycle.methods());
        Collections.sort(key);
        if (!handled.add(key)) {
            return;
        }
        if (cyclesLearned >= MAX_LEARNED) {
            if (!capReported) {
                capReported = true;
                notes.note(true, "learned " + MAX_LEARNED + " cycles at run time: no more are learned; "
                        + "watch further ones with include= or limits=", JsonWriter.object().field("ts", Instant.now().toString())
                        .field("type", "learned-cap").field("limit", MAX_LEARNED).endObject().toString());
            }
            return;
        }
        LearnedCounting.Result r = installed.learn(s.cycle.methods());
        if (r.outcome() == LearnedCounting.Outcome.WATCHED) {
            return; // the cycle is counted already (the overflow came despite a warning, or with warnings off)
        }
        cyclesLearned++;
        Instant now = Instant.now();
        List<String> counted = new ArrayList<>();
        for (MethodRef m : r.counted()) {
            if (!counted.contains(m.qualifiedName())) {
                counted.add(m.qualifiedName());
            }
        }
        LearnedCycles.Learned l = new LearnedCycles.Learned(now, s.source, s.thread, s.cycle.methods());
        for (String m : counted) {
            learned.add(m, l);
        }
        notes.note(s.source == LearnedCycles.Source.OVERFLOW, text(s, counted), json(s, now, counted, r.outcome()));
    }

    private static String text(Sighting s, List<String> counted) {
        StringBuilder b = new StringBuilder(256);
        b.append(s.source == LearnedCycles.Source.OVERFLOW ? "a StackOverflowError" : "patrol: a thread");
        if (s.thread != null) {
            b.append(" (thread \"").append(s.thread).append("\")");
        }
        b.append(" ran deep in a cycle nothing watched: ").append(s.cycle.describe());
        if (counted.isEmpty()) {
            b.append("; none of its methods can be counted (generated, hidden, excluded or unmodifiable classes)");
        } else {
            b.append("; learned: ").append(String.join(", ", counted))
                    .append(" counted from now on, so the next one is warned before it overflows");
        }
        List<String> origin = s.cycle.origin();
        if (!origin.isEmpty()) {
            b.append(System.lineSeparator()).append("    origin: ")
                    .append(String.join(" <- ", origin.subList(0, Math.min(ORIGIN_FRAMES, origin.size()))));
        }
        return b.toString();
    }

    private static String json(Sighting s, Instant now, List<String> counted, LearnedCounting.Outcome outcome) {
        JsonWriter j = JsonWriter.object().field("ts", now.toString()).field("type", "learned").field("source", s.source.jsonName());
        if (s.thread != null) {
            j.field("thread", s.thread);
        } else {
            j.nullField("thread");
        }
        List<String> origin = s.cycle.origin();
        return j.field("cycle", s.cycle.methods()).field("counted", counted)
                .field("countable", outcome == LearnedCounting.Outcome.COUNTED)
                .field("origin", origin.subList(0, Math.min(ORIGIN_FRAMES, origin.size()))).endObject().toString();
    }

    /** A cycle seen deep on a real stack. */
    private static final class Sighting {
        final LearnedCycles.Source source;
        final String thread;
        final RecursionCycle cycle;

        Sighting(LearnedCycles.Source source, String thread, RecursionCycle cycle) {
            this.source = source;
            this.thread = thread;
            this.cycle = cycle;
        }
    }
}
