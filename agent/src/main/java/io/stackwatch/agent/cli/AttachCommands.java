package io.stackwatch.agent.cli;

import io.stackwatch.agent.bootstrap.BootstrapInjector;
import io.stackwatch.agent.jmx.AgentControl;
import io.stackwatch.agent.jmx.Report;
import io.stackwatch.agent.runtime.AgentStatus;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code attach <pid> [agent args]}, {@code detach <pid>} and {@code report <pid> [--json]}: the agent
 * jar's commands for a JVM that is already running. Exit status 0 done, 1 refused or failed (one line
 * on stderr says why), 2 a usage error.
 */
public final class AttachCommands {

    private AttachCommands() {
    }

    public static int attach(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 1 || args.length > 2) {
            return usage(err, "attach <pid> [key=value,...]");
        }
        Path jar = BootstrapInjector.agentJar();
        if (jar == null) {
            err.println("stackwatch: attach must run from the agent jar (java -jar stackwatch-agent.jar attach <pid>)");
            return 2;
        }
        String agentArgs = args.length > 1 ? args[1] : "";
        try (TargetJvm target = TargetJvm.attach(args[0])) {
            if (target.agentActive()) {
                err.println("stackwatch: already attached to pid " + target.pid() + " ("
                        + target.property(AgentStatus.SETTINGS) + "); run \"detach " + target.pid()
                        + "\" first to attach with other settings");
                return 1;
            }
            target.loadAgent(jar.toAbsolutePath().toString(), agentArgs);
            if (!target.agentActive()) {
                err.println("stackwatch: the agent did not start in pid " + target.pid()
                        + "; its standard error says why");
                return 1;
            }
            out.println("stackwatch attached to pid " + target.pid() + ": " + target.property(AgentStatus.SETTINGS));
            return 0;
        } catch (TargetJvm.Refused r) {
            err.println("stackwatch: " + r.getMessage());
            return 1;
        }
    }

    public static int detach(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1) {
            return usage(err, "detach <pid>");
        }
        try (TargetJvm target = TargetJvm.attach(args[0])) {
            if (!target.agentActive()) {
                err.println("stackwatch: not running in pid " + target.pid() + "; nothing to detach");
                return 1;
            }
            out.println(target.invoke(AgentControl.OBJECT_NAME, "detach") + " (pid " + target.pid() + ")");
            return 0;
        } catch (TargetJvm.Refused r) {
            err.println("stackwatch: " + r.getMessage());
            return 1;
        }
    }

    public static int report(String[] args, PrintStream out, PrintStream err) {
        boolean json = false;
        String pid = null;
        for (String a : args) {
            if (a.equals("--json")) {
                json = true;
            } else if (pid == null && !a.startsWith("-")) {
                pid = a;
            } else {
                return usage(err, "report <pid> [--json]");
            }
        }
        if (pid == null) {
            return usage(err, "report <pid> [--json]");
        }
        try (TargetJvm target = TargetJvm.attach(pid)) {
            if (!target.agentActive()) {
                err.println("stackwatch: not running in pid " + target.pid() + "; attach it first: java -jar "
                        + "stackwatch-agent.jar attach " + target.pid());
                return 1;
            }
            out.println(target.invoke(Report.OBJECT_NAME, json ? "json" : "text"));
            return 0;
        } catch (TargetJvm.Refused r) {
            err.println("stackwatch: " + r.getMessage());
            return 1;
        }
    }

    private static int usage(PrintStream err, String form) {
        err.println("stackwatch: usage: java -jar stackwatch-agent.jar " + form);
        return 2;
    }
}
