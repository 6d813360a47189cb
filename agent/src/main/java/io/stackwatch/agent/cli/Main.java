package io.stackwatch.agent.cli;

import io.stackwatch.agent.bootstrap.BootstrapInjector;
import io.stackwatch.agent.config.ConfigKey;
import io.stackwatch.agent.scan.ScanCommand;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code java -jar stackwatch-agent.jar [command]}: {@code scan} the class files of jars, {@code attach},
 * {@code detach} or {@code report} a running JVM, {@code list} the JVMs of this machine,
 * {@code --version}, or {@code help}. Every usage error exits with 2.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args.length > 0 ? args[0] : "help";
        String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
        switch (command) {
            case "scan":
                return ScanCommand.main(rest);
            case "attach":
                return AttachCommands.attach(rest, out, err);
            case "detach":
                return AttachCommands.detach(rest, out, err);
            case "report":
                return AttachCommands.report(rest, out, err);
            case "list":
                return AttachCommands.list(rest, out, err);
            case "--version":
            case "version":
            case "-V":
                out.println("stackwatch " + BootstrapInjector.version());
                return rest.length == 0 ? 0 : 2;
            case "help":
            case "--help":
            case "-h":
                help(out);
                return 0;
            default:
                err.println("stackwatch: unknown command \"" + command + "\"; commands: scan, attach, detach, report, list, "
                        + "--version, help (attach the agent with -javaagent:stackwatch-agent.jar[=key=value,...])");
                return 2;
        }
    }

    /** The help; its list of agent arguments is the table the arguments are parsed by. */
    static void help(PrintStream out) {
        out.println("stackwatch: warns before a thread runs out of stack. Version " + BootstrapInjector.version() + ".");
        out.println("usage: java -javaagent:stackwatch-agent.jar[=key=value,...] -jar your-app.jar");
        out.println("       java -jar stackwatch-agent.jar scan [options] <jar|dir|classpath>...");
        out.println("           finds recursion cycles and deep call chains in class files without running them "
                + "(scan --help for the options)");
        out.println("       java -jar stackwatch-agent.jar attach <pid> [key=value,...]");
        out.println("           loads the agent into a running JVM and instruments the classes it has loaded");
        out.println("       java -jar stackwatch-agent.jar detach <pid>");
        out.println("           removes the instrumentation and stops the agent's threads");
        out.println("       java -jar stackwatch-agent.jar report <pid> [--json]");
        out.println("           every thread of a JVM running the agent, riskiest first: depth, frames, bytes, cycle, origin");
        out.println("       java -jar stackwatch-agent.jar list");
        out.println("           the JVMs on this machine (this user's): pid, main class, whether the agent runs in them");
        out.println("       java -jar stackwatch-agent.jar --version");
        out.println();
        out.println("agent arguments, key=value separated by ',' (also system properties stackwatch.<key>, environment variables "
                + "STACKWATCH_<KEY>, and a properties file given by config=; README.md says more):");
        int width = 0;
        for (ConfigKey<?> key : ConfigKey.all()) {
            width = Math.max(width, key.key().length());
        }
        for (ConfigKey<?> key : ConfigKey.all()) {
            StringBuilder line = new StringBuilder("  ").append(key.key());
            while (line.length() < width + 4) {
                line.append(' ');
            }
            out.println(line.append(key.doc()).append(" (default: ").append(key.defaultText()).append(')'));
        }
    }
}
