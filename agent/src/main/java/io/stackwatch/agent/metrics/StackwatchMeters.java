package io.stackwatch.agent.metrics;

import io.stackwatch.core.event.EventQueue;
import io.stackwatch.core.tracking.GoTotals;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The agent's meters: their names (a contract: docs/ARCHITECTURE.md, docs/METRICS.md), units,
 * descriptions and where each value comes from. Every value is read when scraped; nothing here runs
 * on an instrumented thread.
 */
public final class StackwatchMeters {

    private final LiveReadings live;
    private final EventCounts events;
    private final CopyCost copyCost;
    private final Features features;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final List<Consumer<MeterSpec>> lateListeners = new CopyOnWriteArrayList<>();
    private final List<MeterSpec> late = new CopyOnWriteArrayList<>();
    private boolean tasksAnnounced;

    /**
     * What is on in this JVM: a feature that is off exports no meters (no zeros, no placeholders), and
     * the agent's settings as the {@code stackwatch.info} gauge's tags.
     */
    public record Features(boolean patrol, boolean refusingThreads, boolean nativeMemoryTracking, Map<String, String> info) {
    }

    public StackwatchMeters(LiveReadings live, EventCounts events, CopyCost copyCost, Features features) {
        this.live = live;
        this.events = events;
        this.copyCost = copyCost;
        this.features = features;
    }

    public LiveReadings live() {
        return live;
    }

    public EventCounts events() {
        return events;
    }

    /** Every meter with a fixed set of series (the per-method counters come from {@link EventCounts}). */
    public List<MeterSpec> fixed() {
        List<MeterSpec> out = new ArrayList<>();
        out.add(MeterSpec.gauge("stackwatch.stack.usage.ratio",
                "Highest share of its stack that any live tracked thread uses now (0 to 1)", null,
                () -> live.now().maxUsageRatio()));
        out.add(MeterSpec.gauge("stackwatch.depth.max",
                "Deepest instrumented call depth on any live tracked thread now", null,
                () -> live.now().maxDepth()));
        out.add(MeterSpec.gauge("stackwatch.stack.inuse",
                "Real stack the live tracked threads use now (read from the stack pointer, or estimated)", "bytes",
                () -> live.now().stackInuseBytes()));
        out.add(MeterSpec.gauge("stackwatch.threads.tracked",
                "Live threads the agent tracks (threads that ran instrumented code)", null,
                () -> live.now().threads()));
        out.add(MeterSpec.counter("stackwatch.threads.started",
                "Platform threads started in this JVM (ThreadMXBean); its rate is the thread start rate", null,
                () -> threads.getTotalStartedThreadCount()));
        out.add(MeterSpec.gauge("stackwatch.go.stack.inuse",
                "Go model: the sum of the live tracked threads' simulated stacks (Go's StackInuse)", "bytes",
                () -> live.now().goStackInuseBytes()));
        out.add(MeterSpec.counter("stackwatch.go.stack.growths",
                "Go model: simulated stack growths (newstack doubling, then copystack) on every thread", null,
                () -> GoTotals.growths()));
        out.add(MeterSpec.counter("stackwatch.go.stack.shrinks",
                "Go model: simulated stack shrinks (the collector halving a stack under a quarter used)", null,
                () -> GoTotals.shrinks()));
        out.add(MeterSpec.counter("stackwatch.go.stack.copied",
                "Go model: bytes the simulated growths and shrinks copied", "bytes",
                () -> GoTotals.copiedBytes()));
        out.add(MeterSpec.counter("stackwatch.go.stack.copy.time",
                "Go model: time the simulated copies would take, at this machine's measured memory copy rate", "seconds",
                () -> copyCost.seconds(GoTotals.copiedBytes())));
        out.add(MeterSpec.counter("stackwatch.events.dropped",
                "Events lost because more came at once than the agent's queue holds", null,
                () -> EventQueue.dropped()));
        List<String> info = new ArrayList<>();
        for (Map.Entry<String, String> e : features.info().entrySet()) {
            info.add(e.getKey());
            info.add(e.getValue());
        }
        out.add(MeterSpec.gauge("stackwatch.info",
                "The agent's version and settings as tags (always 1); 'ignored' names settings it could not use", null,
                () -> 1, info.toArray(new String[0])));
        operations(out);
        return out;
    }

    /** The operational checks' figures (patrol, thread starts, NMT), each only while its check is on. */
    private void operations(List<MeterSpec> out) {
        if (features.patrol()) {
            patrol(out);
        }
        if (features.refusingThreads()) {
            out.add(MeterSpec.counter("stackwatch.threads.refused",
                    "Platform thread starts refused by threadRateAction=reject", null,
                    () -> io.stackwatch.agent.checks.ThreadFigures.refused()));
        }
        if (features.nativeMemoryTracking()) {
            out.add(MeterSpec.gauge("stackwatch.nmt.thread.stack.committed",
                    "Committed thread-stack memory from Native Memory Tracking", "bytes",
                    () -> io.stackwatch.agent.checks.ThreadFigures.nmtCommittedBytes()));
        }
    }

    private static void patrol(List<MeterSpec> out) {
        out.add(MeterSpec.gauge("stackwatch.patrol.threads.over",
                "Threads over patrolDepth or patrolRatio in the last patrol round", null,
                () -> io.stackwatch.agent.checks.PatrolFigures.threadsOver()));
        out.add(MeterSpec.gauge("stackwatch.patrol.deepest.frames",
                "Real frames of the deepest thread, instrumented or not, in the last patrol round", null,
                () -> io.stackwatch.agent.checks.PatrolFigures.deepestFrames()));
        out.add(MeterSpec.gauge("stackwatch.patrol.round.time",
                "How long the last patrol round took", "seconds",
                () -> io.stackwatch.agent.checks.PatrolFigures.lastRoundNanos() / 1e9));
        out.add(MeterSpec.counter("stackwatch.patrol.warnings",
                "Threads the patrol warned about", null,
                () -> io.stackwatch.agent.checks.PatrolFigures.warnings()));
    }

    /** The task watermarks' meters: from the first task a TaskWatch wrapper ran (see {@link #checkLate()}). */
    private static List<MeterSpec> tasks() {
        List<MeterSpec> out = new ArrayList<>();
        out.add(MeterSpec.counter("stackwatch.tasks",
                "Tasks run through a TaskWatch wrapper", null,
                () -> io.stackwatch.core.tasks.TaskFigures.tasks()));
        out.add(MeterSpec.counter("stackwatch.tasks.over",
                "Tasks whose stack watermark reached their wrapper's warnAt", null,
                () -> io.stackwatch.core.tasks.TaskFigures.crossings()));
        out.add(MeterSpec.gauge("stackwatch.task.peak.max",
                "Highest stack watermark of any wrapped task", "bytes",
                () -> io.stackwatch.core.tasks.TaskFigures.maxPeakBytes()));
        return out;
    }

    /**
     * Tells {@code listener} of every meter that appears after start (the task meters, once the
     * application runs its first wrapped task): those there already at once, later ones as they come.
     */
    public void addLateListener(Consumer<MeterSpec> listener) {
        lateListeners.add(listener);
        for (MeterSpec spec : late) {
            listener.accept(spec);
        }
    }

    /** Announces the meters of a feature the application started to use; the metrics thread calls it every few seconds. */
    public synchronized void checkLate() {
        if (!tasksAnnounced && io.stackwatch.core.tasks.TaskFigures.tasks() > 0) {
            tasksAnnounced = true;
            for (MeterSpec spec : tasks()) {
                late.add(spec);
                for (Consumer<MeterSpec> l : lateListeners) {
                    try {
                        l.accept(spec);
                    } catch (RuntimeException | LinkageError e) {
                        // a registry that cannot take the meter does not stop the others
                    }
                }
            }
        }
    }

    /**
     * The per-thread peaks as one gauge per rank (rank 1 is the highest peak): bounded whatever the
     * number of threads. Registries that can also name the thread do so with {@link #topPeaks()}.
     */
    public List<MeterSpec> rankedPeaks() {
        List<MeterSpec> out = new ArrayList<>();
        for (int rank = 1; rank <= LiveReadings.TOP_THREADS; rank++) {
            int index = rank - 1;
            out.add(MeterSpec.gauge(PEAK_RATIO, PEAK_RATIO_DESCRIPTION, null,
                    () -> peakAt(index) == null ? 0 : peakAt(index).ratio(), "rank", String.valueOf(rank)));
            out.add(MeterSpec.gauge(PEAK_DEPTH, PEAK_DEPTH_DESCRIPTION, null,
                    () -> peakAt(index) == null ? 0 : peakAt(index).depth(), "rank", String.valueOf(rank)));
        }
        return out;
    }

    public static final String PEAK_RATIO = "stackwatch.thread.peak.ratio";
    public static final String PEAK_RATIO_DESCRIPTION =
            "Peak share of its stack a live tracked thread used, for the threads with the highest peaks (rank 1 highest)";
    public static final String PEAK_DEPTH = "stackwatch.thread.peak.depth";
    public static final String PEAK_DEPTH_DESCRIPTION =
            "Peak instrumented depth of the live tracked threads with the highest peaks (rank 1 highest)";

    /** The threads with the highest peaks now. */
    public List<LiveReadings.ThreadPeak> topPeaks() {
        return live.now().topPeaks();
    }

    private LiveReadings.ThreadPeak peakAt(int index) {
        List<LiveReadings.ThreadPeak> top = live.now().topPeaks();
        return index < top.size() ? top.get(index) : null;
    }
}
