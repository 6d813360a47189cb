package io.stackwatch.agent.attach;

import io.stackwatch.agent.config.AgentConfig;
import io.stackwatch.agent.endpoint.Pages;
import io.stackwatch.agent.instrument.Instrumenter;
import io.stackwatch.agent.jmx.SafeRegistration;
import io.stackwatch.agent.livereport.LiveReport;
import io.stackwatch.agent.livereport.Report;
import io.stackwatch.agent.livereport.ThreadSampler;
import io.stackwatch.agent.metrics.MetricsStarter;
import io.stackwatch.agent.patrol.OperationalChecks;
import io.stackwatch.agent.report.EventPump;
import io.stackwatch.agent.threads.ThreadStartGate;
import io.stackwatch.core.tracking.StackCapacityProbe;
import io.stackwatch.core.tracking.Tracker;
import org.slf4j.Logger;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.util.concurrent.Executor;

/**
 * Everything a running agent holds — instrumentation, the event thread, the periodic checks, the
 * thread-start gate, its MBeans — so that {@code detach} can take it all back and a later attach
 * can start afresh. The system property {@link #STATUS} tells the command line (through the Attach
 * API) whether an agent runs in the JVM.
 */
public final class AgentRuntime {

    /** {@code active} while an agent runs, {@code detached} after detach; absent before any start. */
    public static final String STATUS = "io.stackwatch.agent.status";
    /** The settings line of the running agent. */
    public static final String SETTINGS = "io.stackwatch.agent.settings";

    /** The live report's pages on the metrics endpoint. */
    public static final String REPORT_PATH = "/stackwatch";
    public static final String REPORT_JSON_PATH = "/stackwatch.json";

    private static AgentRuntime current;

    private final Instrumentation inst;
    private final Logger log;
    private final String version;
    private final String settings;
    private final EventPump pump;
    private final MetricsStarter.Running metrics;
    private final Instrumenter.Installed installed;
    private final ThreadStartGate gate;
    private final OperationalChecks checks;
    private final LiveReport report;
    private boolean detached;

    private AgentRuntime(Instrumentation inst, Logger log, String version, String settings, EventPump pump,
                         MetricsStarter.Running metrics, Instrumenter.Installed installed, ThreadStartGate gate,
                         OperationalChecks checks, LiveReport report) {
        this.inst = inst;
        this.log = log;
        this.version = version;
        this.settings = settings;
        this.pump = pump;
        this.metrics = metrics;
        this.installed = installed;
        this.gate = gate;
        this.checks = checks;
        this.report = report;
    }

    /**
     * Starts the operational parts (the checks, the thread-start gate, the MBeans) of an agent whose
     * tracker and instrumentation are installed, and records it as the running one.
     */
    public static synchronized AgentRuntime started(Instrumentation inst, AgentConfig config, StackCapacityProbe capacity,
                                                    EventPump pump, MetricsStarter.Running metrics,
                                                    Instrumenter.Installed installed, boolean coreOnBootstrap,
                                                    boolean attached, String version, Logger log) {
        ThreadStartGate gate = null;
        if (config.ops().rejectThreadStarts()) {
            if (coreOnBootstrap) {
                try {
                    gate = ThreadStartGate.install(inst);
                } catch (Throwable t) {
                    log.warn("threadRateAction=reject unavailable ({}): thread starts are only counted", t.toString());
                }
            } else {
                log.warn("threadRateAction=reject needs stackwatch-core on the bootstrap class path: thread starts are only counted");
            }
        }
        ThreadSampler sampler = new ThreadSampler(capacity);
        OperationalChecks checks = OperationalChecks.start(config.ops(), sampler, pump, log);
        LiveReport report = new LiveReport(sampler);
        AgentRuntime r = new AgentRuntime(inst, log, version, config.summary(), pump, metrics, installed, gate, checks,
                report);
        // The live report on the metrics endpoint (prometheus=host:port), next to /metrics, where reportPages allows.
        Pages.registerReport(REPORT_PATH, "text/plain; charset=utf-8", report::text);
        Pages.registerReport(REPORT_JSON_PATH, "application/json", report::json);
        current = r;
        System.setProperty(SETTINGS, r.settings);
        System.setProperty(STATUS, "active");
        r.startJmx();
        return r;
    }

    /**
     * Tells the attach command (through system properties) that an agent runs, with these settings:
     * as soon as the tracker and instrumentation are in, before the rest of the runtime has started.
     */
    public static synchronized void announce(String settings) {
        System.setProperty(SETTINGS, settings);
        System.setProperty(STATUS, "active");
    }

    /** The running agent's report, or null when none runs (for the metrics endpoint's {@code /stackwatch} page). */
    public static synchronized LiveReport report() {
        return current == null ? null : current.report;
    }

    /**
     * Registers the MBeans and lets the checks read Native Memory Tracking (both create the platform
     * MBean server) as soon as that cannot take the application's {@code java.util.logging} set-up.
     */
    private void startJmx() {
        Executor jmxThread = task -> {
            Thread t = new Thread(task, "stackwatch-jmx");
            t.setDaemon(true);
            t.start();
        };
        SafeRegistration.whenSafe(inst, jmxThread, log, "registering the MBeans " + Report.OBJECT_NAME + " and " + AgentControl.OBJECT_NAME,
                () -> {
                    try {
                        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
                        synchronized (AgentRuntime.class) {
                            if (detached) {
                                return;
                            }
                            server.registerMBean(new Report(report), new ObjectName(Report.OBJECT_NAME));
                            server.registerMBean(new AgentControl(this), new ObjectName(AgentControl.OBJECT_NAME));
                        }
                        checks.jmxReady();
                    } catch (Exception | LinkageError e) {
                        log.warn("JMX operations unavailable ({}): the report and detach commands cannot reach this JVM",
                                e.toString());
                    }
                });
    }

    String version() {
        return version;
    }

    String settings() {
        return settings;
    }

    /** Takes everything back; the bootstrap-loaded core stays (classes cannot be unloaded) but is idle. */
    synchronized String detach() {
        synchronized (AgentRuntime.class) {
            if (detached) {
                return "stackwatch is already detached";
            }
            detached = true;
        }
        long start = System.nanoTime();
        int classes = installed.instrumentedClasses();
        StringBuilder problems = new StringBuilder();
        try {
            if (gate != null) {
                gate.uninstall();
            }
        } catch (Throwable t) {
            problems.append("; restoring Thread#start failed: ").append(t);
        }
        try {
            installed.uninstall();
        } catch (Throwable t) {
            problems.append("; removing the instrumentation failed: ").append(t);
        }
        checks.stop();
        metrics.stop();
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            for (String name : new String[]{Report.OBJECT_NAME, AgentControl.OBJECT_NAME}) {
                ObjectName on = new ObjectName(name);
                if (server.isRegistered(on)) {
                    server.unregisterMBean(on);
                }
            }
        } catch (Exception e) {
            problems.append("; unregistering the MBeans failed: ").append(e);
        }
        String done = "stackwatch detached in " + (System.nanoTime() - start) / 1_000_000 + " ms: instrumentation removed from "
                + classes + " classes" + (gate != null ? ", Thread#start restored" : "") + ", agent threads stopped" + problems;
        log.info(done);
        pump.stop();
        synchronized (AgentRuntime.class) {
            if (current == this) {
                current = null;
            }
        }
        System.setProperty(STATUS, "detached");
        System.clearProperty(SETTINGS);
        Tracker.release();
        return done;
    }
}
