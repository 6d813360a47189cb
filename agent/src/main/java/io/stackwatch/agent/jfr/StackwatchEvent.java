package io.stackwatch.agent.jfr;

import io.stackwatch.core.event.StackEvent;
import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Percentage;
import jdk.jfr.StackTrace;
import jdk.jfr.Timestamp;

/**
 * The fields every stackwatch JFR event carries: the facts of the tracker's event. Committed by the
 * agent's event thread, so JFR's own event thread is that one; the thread the event is about is in
 * {@link #thread} and {@link #javaThreadId}, and the time it happened in {@link #happenedAt}.
 */
@Category("stackwatch")
@StackTrace(false)
abstract class StackwatchEvent extends jdk.jfr.Event {

    @Label("Thread")
    @Description("Name of the thread the event is about")
    String thread;

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

    @Label("Stack Used")
    @DataAmount
    long stackBytes;

    @Label("Stack Capacity")
    @DataAmount
    long capacityBytes;

    @Label("Usage")
    @Percentage
    double ratio;

    @Label("Reason")
    String reason;

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

    void fill(StackEvent e) {
        thread = e.threadName;
        javaThreadId = e.threadId;
        virtualThread = e.virtual;
        method = e.method;
        depth = e.depth;
        stackBytes = e.stackBytes;
        capacityBytes = e.capacityBytes;
        ratio = e.ratio();
        reason = e.reason == null ? null : e.reason.jsonName();
        goStackSize = e.goStackSize;
        goGrowths = e.goGrowths;
        goCopiedBytes = e.goCopiedBytes;
        happenedAt = e.epochMillis;
    }
}
