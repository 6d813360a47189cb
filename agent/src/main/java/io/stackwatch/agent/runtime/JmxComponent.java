package io.stackwatch.agent.runtime;

import io.stackwatch.agent.jmx.AgentControl;
import io.stackwatch.agent.jmx.Report;
import io.stackwatch.agent.jmx.SafeRegistration;
import io.stackwatch.agent.jmx.StackwatchState;
import io.stackwatch.agent.livereport.LiveReport;
import io.stackwatch.agent.metrics.StackwatchMeters;
import org.slf4j.Logger;

import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.instrument.Instrumentation;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The agent's MBeans: its state ({@link StackwatchState}, when the meters are up), the live report
 * ({@link Report}) and {@link AgentControl} (detach). Registered on a thread of their own as soon as
 * creating the platform MBean server cannot take the application's logging set-up
 * ({@link SafeRegistration}); the operational checks may read Native Memory Tracking from then on.
 */
final class JmxComponent implements Component {

    private final Instrumentation inst;
    private final Logger log;
    private final AgentRuntime runtime;
    private final StackwatchMeters meters;
    private final LiveReport report;
    private final ChecksComponent checks;
    private final List<ObjectName> registered = new ArrayList<>();
    private boolean stopped;

    JmxComponent(Instrumentation inst, Logger log, AgentRuntime runtime, StackwatchMeters meters, LiveReport report,
                 ChecksComponent checks) {
        this.inst = inst;
        this.log = log;
        this.runtime = runtime;
        this.meters = meters;
        this.report = report;
        this.checks = checks;
    }

    @Override
    public String name() {
        return "the MBeans";
    }

    @Override
    public void start() {
        Executor jmxThread = task -> {
            Thread t = new Thread(task, "stackwatch-jmx");
            t.setDaemon(true);
            t.start();
        };
        SafeRegistration.whenSafe(inst, jmxThread, log, "registering the MBeans " + StackwatchState.OBJECT_NAME + ", "
                + Report.OBJECT_NAME + " and " + AgentControl.OBJECT_NAME, this::register);
    }

    private void register() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            synchronized (this) {
                if (stopped) {
                    return;
                }
                if (meters != null) {
                    try {
                        registered.add(register(server, new StackwatchState(meters), StackwatchState.OBJECT_NAME));
                    } catch (InstanceAlreadyExistsException another) {
                        // another instance of the agent registered its own
                    }
                }
                registered.add(register(server, new Report(report), Report.OBJECT_NAME));
                registered.add(register(server, new AgentControl(runtime), AgentControl.OBJECT_NAME));
            }
        } catch (Exception | LinkageError e) {
            log.warn("JMX operations unavailable ({}): the report and detach commands cannot reach this JVM", e.toString());
        }
        checks.jmxReady();
    }

    private static ObjectName register(MBeanServer server, Object mbean, String name) throws JMException {
        ObjectName on = new ObjectName(name);
        server.registerMBean(mbean, on);
        return on;
    }

    @Override
    public void stop() throws JMException {
        List<ObjectName> names;
        synchronized (this) {
            stopped = true;
            names = new ArrayList<>(registered);
            registered.clear();
        }
        if (names.isEmpty()) {
            return;
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (ObjectName name : names) {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        }
    }
}
