package io.stackwatch.agent.jfr;

import io.stackwatch.agent.events.EventView;
import io.stackwatch.core.event.StackEvent;
import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Percentage;
import jdk.jfr.StackTrace;
import jdk.jfr.Timestamp;

/**
 * The fields every stackwatch JFR event about a tracked thread carries: the facts of the tracker's
 * event, its recursion cycle and where the recursion was entered. Committed by the agent's event
 * thread (JFR's own {@code eventThread}); the thread the event is about is the typed {@link #thread}
 * (null once that thread is gone), with its name and id, and the time it happened {@link #happenedAt}.
 */
@Category("stackwatch")
@StackTrace(false)
abstract class StackwatchEvent extends jdk.jfr.Event {

    @Label("Thread")
    @Description("The thread the event is about")
    Thread thread;

    @Label("Thread Name")
    String threadName;

    @Label("Java Thread Id")
    long javaThreadId;

    @Label("Virtual")
    boolean virtualThread;

    @Label("Method")
    @Description("The instrumented method, pkg.Class#method")
    String method;

    @Label("Depth")
    @Description("Instrumented frames on the thread")
    int depth;

    @Label("Real Frames")
    @Description("Real frames on the thread when the stack was walked, else -1")
    int frames;

    @Label("Stack Used")
    @DataAmount
    long stackBytes;

    @Label("Stack Capacity")
    @DataAmount
    long capacityBytes;

    @Label("Usage")
    @Percentage
    double ratio;

    @Label("Measured")
    @Description("Whether stack used and capacity come from a reading of the stack pointer and bounds")
    boolean measured;

    @Label("Reason")
    String reason;

    @Label("Limit")
    @Description("The limit that was crossed, in the reason's unit (a fraction or a depth)")
    double limit;

    @Label("Cycle")
    @Description("The recursion's methods once, in call order from the first entry")
    String cycle;

    @Label("Cycle Rounds")
    int cycleRounds;

    @Label("Origin")
    @Description("The frames below the first entry into the cycle, outermost last")
    String origin;

    @Label("Go Stack Size")
    @DataAmount
    long goStackSize;

    @Label("Go Growths")
    long goGrowths;

    @Label("Go Copied")
    @DataAmount
    long goCopiedBytes;

    @Label("Happened At")
    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    long happenedAt;

    void fill(EventView v) {
        StackEvent e = v.event();
        thread = e.thread;
        threadName = e.threadName;
        javaThreadId = e.threadId;
        virtualThread = e.virtual;
        method = e.method;
        depth = e.depth;
        frames = v.frames();
        stackBytes = e.stackBytes;
        capacityBytes = e.capacityBytes;
        ratio = e.ratio();
        measured = e.measured;
        reason = e.reason == null ? null : e.reason.jsonName();
        limit = e.reason == null ? Double.NaN : e.limit;
        cycle = v.cycle().methods().isEmpty() ? null : String.join(" -> ", v.cycle().methods());
        cycleRounds = v.cycle().rounds();
        origin = v.origin().isEmpty() ? null : String.join(" <- ", v.origin());
        goStackSize = e.goStackSize;
        goGrowths = e.goGrowths;
        goCopiedBytes = e.goCopiedBytes;
        happenedAt = e.epochMillis;
    }
}
