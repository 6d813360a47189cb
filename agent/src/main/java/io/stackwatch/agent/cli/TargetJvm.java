package io.stackwatch.agent.cli;

import io.stackwatch.agent.runtime.AgentStatus;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;

import java.io.IOException;
import java.util.Optional;
import java.util.Properties;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A running JVM reached through the Attach API, for the {@code attach}, {@code detach} and
 * {@code report} commands. Refuses, in one line, a pid that is not a JVM accepting attach before
 * trying: on Linux the Attach API signals the process with SIGQUIT, which ends a process that is not
 * a JVM, and waits ten seconds for one that has attach disabled.
 */
final class TargetJvm implements AutoCloseable {

    /** A problem to print as one line, with the exit status. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    private final long pid;
    private final VirtualMachine vm;
    private JMXConnector jmx;

    private TargetJvm(long pid, VirtualMachine vm) {
        this.pid = pid;
        this.vm = vm;
    }

    static TargetJvm attach(String pidText) throws Refused {
        long pid;
        try {
            pid = Long.parseLong(pidText);
        } catch (NumberFormatException e) {
            throw new Refused("\"" + pidText + "\" is not a process id");
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            throw new Refused("no process with pid " + pid);
        }
        if (pid == ProcessHandle.current().pid()) {
            throw new Refused("pid " + pid + " is this command itself");
        }
        boolean listed = false;
        for (VirtualMachineDescriptor d : VirtualMachine.list()) {
            if (d.id().equals(Long.toString(pid))) {
                listed = true;
                break;
            }
        }
        if (!listed) {
            String command = process.get().info().command().orElse("");
            boolean java = command.endsWith("/java") || command.endsWith("\\java.exe") || command.equals("java");
            throw new Refused("pid " + pid + (command.isEmpty() ? "" : " (" + command + ")")
                    + (java ? " is a JVM that does not accept attach: started with -XX:+DisableAttachMechanism or "
                    + "-XX:-UsePerfData, or run by another user"
                    : " is not a JVM that accepts attach (only a HotSpot JVM run by the same user can be attached)"));
        }
        try {
            return new TargetJvm(pid, VirtualMachine.attach(Long.toString(pid)));
        } catch (AttachNotSupportedException | IOException e) {
            throw new Refused("cannot attach to pid " + pid + ": " + e.getMessage());
        }
    }

    long pid() {
        return pid;
    }

    /** The target's system property, read now. */
    String property(String name) throws Refused {
        try {
            Properties p = vm.getSystemProperties();
            return p.getProperty(name);
        } catch (IOException e) {
            throw new Refused("cannot read the system properties of pid " + pid + ": " + e.getMessage());
        }
    }

    boolean agentActive() throws Refused {
        return AgentStatus.active(property(AgentStatus.STATUS));
    }

    void loadAgent(String jar, String args) throws Refused {
        try {
            vm.loadAgent(jar, args);
        } catch (Exception e) {
            throw new Refused("loading the agent into pid " + pid + " failed: " + e);
        }
    }

    /** Invokes a no-argument operation of one of the agent's MBeans through the target's local JMX agent. */
    String invoke(String objectName, String operation) throws Refused {
        try {
            if (jmx == null) {
                jmx = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()));
            }
            MBeanServerConnection server = jmx.getMBeanServerConnection();
            ObjectName name = new ObjectName(objectName);
            if (!server.isRegistered(name)) {
                throw new Refused("pid " + pid + " has no " + objectName + " MBean yet (the agent registers it a second "
                        + "after start); try again");
            }
            return String.valueOf(server.invoke(name, operation, null, null));
        } catch (Refused r) {
            throw r;
        } catch (Exception e) {
            throw new Refused("JMX call " + objectName + " " + operation + " on pid " + pid + " failed: " + e);
        }
    }

    @Override
    public void close() {
        try {
            if (jmx != null) {
                jmx.close();
            }
        } catch (IOException ignored) {
            // the target may have gone
        }
        try {
            vm.detach();
        } catch (IOException ignored) {
            // the target may have gone
        }
    }
}
