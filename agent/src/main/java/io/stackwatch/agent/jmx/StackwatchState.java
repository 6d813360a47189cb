package io.stackwatch.agent.jmx;

import io.stackwatch.agent.metrics.EventCounts;
import io.stackwatch.agent.metrics.LiveReadings;
import io.stackwatch.agent.metrics.StackwatchMeters;
import io.stackwatch.core.event.EventQueue;
import io.stackwatch.core.tracking.GoTotals;

import java.util.List;
import java.util.Locale;

/** The MBean behind {@link StackwatchMXBean}: the same readings the meters show, read when asked. */
public final class StackwatchState implements StackwatchMXBean {

    public static final String OBJECT_NAME = "io.stackwatch:type=Stackwatch";

    private final StackwatchMeters meters;

    public StackwatchState(StackwatchMeters meters) {
        this.meters = meters;
    }

    private LiveReadings.Reading live() {
        return meters.live().now();
    }

    @Override
    public int getThreadsTracked() {
        return live().threads();
    }

    @Override
    public double getMaxUsageRatio() {
        return live().maxUsageRatio();
    }

    @Override
    public int getMaxDepth() {
        return live().maxDepth();
    }

    @Override
    public long getStackInuseBytes() {
        return live().stackInuseBytes();
    }

    @Override
    public long getGoStackInuseBytes() {
        return live().goStackInuseBytes();
    }

    @Override
    public long getGoStackGrowths() {
        return GoTotals.growths();
    }

    @Override
    public long getGoStackShrinks() {
        return GoTotals.shrinks();
    }

    @Override
    public long getGoStackCopiedBytes() {
        return GoTotals.copiedBytes();
    }

    @Override
    public long getWarnings() {
        return meters.events().total(EventCounts.Kind.WARNINGS);
    }

    @Override
    public long getInterceptions() {
        return meters.events().total(EventCounts.Kind.INTERCEPTIONS);
    }

    @Override
    public long getOverflows() {
        return meters.events().total(EventCounts.Kind.OVERFLOWS);
    }

    @Override
    public long getEventsDropped() {
        return EventQueue.dropped();
    }

    @Override
    public String[] getTopThreads() {
        List<LiveReadings.ThreadPeak> top = live().topPeaks();
        String[] out = new String[top.size()];
        for (int i = 0; i < out.length; i++) {
            LiveReadings.ThreadPeak p = top.get(i);
            out[i] = String.format(Locale.ROOT, "%s (id %d): ratio %.2f, depth %d", p.thread(), p.threadId(), p.ratio(), p.depth());
        }
        return out;
    }
}
