package io.stackwatch.agent.checks;

import io.stackwatch.agent.config.OpsConfig;
import io.stackwatch.agent.events.AgentNotes;
import io.stackwatch.agent.livereport.ThreadSampler;
import io.stackwatch.core.stack.RecursionCycle;
import org.slf4j.Logger;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * One daemon thread, {@code stackwatch-checks}, for the periodic checks: the patrol every
 * {@code patrol} interval, the thread start rate and stack in use every second. A check that fails
 * is logged once and keeps its schedule; nothing here runs on an application thread.
 */
public final class OperationalChecks {

    private final ScheduledExecutorService timer;
    private final ThreadRateMonitor rate;
    private final StackInuseMonitor inuse;

    private OperationalChecks(ScheduledExecutorService timer, ThreadRateMonitor rate, StackInuseMonitor inuse) {
        this.timer = timer;
        this.rate = rate;
        this.inuse = inuse;
    }

    /** The platform MBean server may be used now: Native Memory Tracking is read from here on. */
    public void jmxReady() {
        inuse.jmxReady();
    }

    /** @param deepCycles told of the cycles the patrol finds threads deep in (the learner), or null */
    public static OperationalChecks start(OpsConfig ops, ThreadSampler sampler, AgentNotes pump,
                                          BiConsumer<String, RecursionCycle> deepCycles, Logger log) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stackwatch-checks");
            t.setDaemon(true);
            return t;
        });
        if (ops.patrolMillis() > 0) {
            Patrol patrol = new Patrol(sampler, pump, ops.patrolDepth(), ops.patrolRatio(), ops.patrolBudgetMillis(), deepCycles);
            timer.scheduleWithFixedDelay(guarded(patrol, "patrol", log), ops.patrolMillis(), ops.patrolMillis(),
                    TimeUnit.MILLISECONDS);
        }
        ThreadRateMonitor rate = null;
        if (ops.threadRate() > 0) {
            rate = new ThreadRateMonitor(pump, ops.threadRate(), ops.threadRateWindowMillis(), ops.rejectThreadStarts());
            timer.scheduleAtFixedRate(guarded(rate, "thread start rate", log), 0, 1, TimeUnit.SECONDS);
        }
        // Always: the figures feed the metrics even without an alarm.
        StackInuseMonitor inuse = new StackInuseMonitor(pump, ops.stackInuseBytes(), ops.stackInuseWindowMillis());
        timer.scheduleAtFixedRate(guarded(inuse, "stack in use", log), 0, 1, TimeUnit.SECONDS);
        return new OperationalChecks(timer, rate, inuse);
    }

    private static Runnable guarded(Runnable check, String name, Logger log) {
        boolean[] reported = new boolean[1];
        return () -> {
            try {
                check.run();
            } catch (Throwable t) {
                if (!reported[0]) {
                    reported[0] = true;
                    log.error("the {} check failed ({}); it keeps its schedule", name, t.toString());
                }
            }
        };
    }

    /** Stops the thread (detach). */
    public void stop() {
        timer.shutdownNow();
        if (rate != null) {
            rate.close();
        }
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
