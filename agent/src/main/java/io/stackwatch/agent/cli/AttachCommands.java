package io.stackwatch.agent.cli;

import io.stackwatch.agent.bootstrap.BootstrapInjector;
import io.stackwatch.agent.jmx.AgentControl;
import io.stackwatch.agent.jmx.Report;
import io.stackwatch.agent.runtime.AgentStatus;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code attach <pid> [agent args]}, {@code detach <pid>}, {@code report <pid> [--json]} and {@code list}: the agent
 * jar's commands for a JVM that is already running. Exit status 0 done, 1 refused or failed (one line
 * on stderr says why), 2 a usage error.
 */
public final class AttachCommands {

    private AttachCommands() {
    }

    public static int attach(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 1 || args.length > 2 || !isPid(args[0])) {
            return usage(err, args, "attach <pid> [key=value,...]");
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
            // The target's standard error is not ours: say its problems and where it serves here too.
            String problems = target.property(AgentStatus.PROBLEMS);
            if (problems != null && !problems.isEmpty()) {
                for (String line : problems.split("\n")) {
                    err.println(line);
                }
            }
            if (agentArgs.contains("prometheus=")) {
                String endpoint = awaitEndpoint(target);
                out.println(endpoint != null ? "metrics at " + endpoint
                        : "no metrics endpoint in pid " + target.pid() + " (yet): its standard error says why");
            }
            return 0;
        } catch (TargetJvm.Refused r) {
            err.println("stackwatch: " + r.getMessage());
            return 1;
        }
    }

    /** The endpoint's URL once the target serves it (the metrics thread starts it): up to 5 seconds. */
    private static String awaitEndpoint(TargetJvm target) throws TargetJvm.Refused {
        long deadline = System.nanoTime() + 5_000_000_000L;
        String url = target.property(AgentStatus.ENDPOINT);
        while (url == null && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            url = target.property(AgentStatus.ENDPOINT);
        }
        return url;
    }

    /** A process id: a usage error otherwise (exit 2), not a refusal. */
    static boolean isPid(String text) {
        try {
            return Long.parseLong(text) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public static int detach(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1 || !isPid(args[0])) {
            return usage(err, args, "detach <pid>");
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
            } else if (pid == null && isPid(a)) {
                pid = a;
            } else {
                return usage(err, new String[] {a}, "report <pid> [--json]");
            }
        }
        if (pid == null) {
            return usage(err, args, "report <pid> [--json]");
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

    /**
     * {@code list}: the JVMs of this user on this machine that accept attach, with their main class and
     * whether the agent runs in them. Reads each one's system properties through the Attach API (no
     * agent is loaded).
     */
    public static int list(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 0) {
            return usage(err, "list");
        }
        out.println(String.format("%-8s %-9s %s", "PID", "AGENT", "MAIN"));
        long self = ProcessHandle.current().pid();
        for (com.sun.tools.attach.VirtualMachineDescriptor d : com.sun.tools.attach.VirtualMachine.list()) {
            if (d.id().equals(Long.toString(self))) {
                continue;
            }
            String agent;
            try (TargetJvm target = TargetJvm.attach(d.id())) {
                agent = target.agentActive() ? "attached" : "-";
            } catch (TargetJvm.Refused | RuntimeException e) {
                agent = "?";
            }
            String main = d.displayName().isEmpty() ? "(unknown)" : d.displayName().split(" ", 2)[0];
            out.println(String.format("%-8s %-9s %s", d.id(), agent, main));
        }
        return 0;
    }

    private static int usage(PrintStream err, String form) {
        err.println("stackwatch: usage: java -jar stackwatch-agent.jar " + form);
        return 2;
    }

    /** A usage error (exit 2), naming the argument that is not a process id when that is what went wrong. */
    private static int usage(PrintStream err, String[] args, String form) {
        if (args.length > 0 && !isPid(args[0]) && !args[0].startsWith("-")) {
            err.println("stackwatch: \"" + args[0] + "\" is not a process id; usage: java -jar stackwatch-agent.jar " + form);
            return 2;
        }
        return usage(err, form);
    }
}
