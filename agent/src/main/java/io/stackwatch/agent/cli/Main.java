package io.stackwatch.agent.cli;

import io.stackwatch.agent.attach.AttachCommands;
import io.stackwatch.agent.scan.ScanCommand;

import java.util.Arrays;

/** {@code java -jar stackwatch-agent.jar [command]}: {@code scan} the class files of jars, or {@code help}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("scan")) {
            System.exit(ScanCommand.main(Arrays.copyOfRange(args, 1, args.length)));
        }
        String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
        if (args.length > 0 && args[0].equals("attach")) {
            System.exit(AttachCommands.attach(rest, System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("detach")) {
            System.exit(AttachCommands.detach(rest, System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("report")) {
            System.exit(AttachCommands.report(rest, System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("list")) {
            System.exit(AttachCommands.list(rest, System.out, System.err));
        }
        if (args.length > 0 && (args[0].equals("--version") || args[0].equals("version") || args[0].equals("-V"))) {
            System.out.println("stackwatch " + io.stackwatch.agent.bootstrap.BootstrapInjector.version());
            System.exit(args.length == 1 ? 0 : 2);
        }
        if (args.length > 0 && !args[0].equals("help") && !args[0].equals("--help") && !args[0].equals("-h")) {
            System.err.println("stackwatch: unknown command \"" + args[0] + "\"; commands: scan, attach, detach, report, list, "
                    + "--version, help (attach the agent with -javaagent:stackwatch-agent.jar[=key=value,...])");
            System.exit(2);
        }
        System.out.print(help());
    }

    /** The help text; its key list comes from the same table the agent's arguments are parsed by. */
    static String help() {
        StringBuilder sb = new StringBuilder();
        sb.append("stackwatch ").append(io.stackwatch.agent.bootstrap.BootstrapInjector.version())
                .append(": warns before a thread runs out of stack.\n");
        sb.append("usage: java -javaagent:stackwatch-agent.jar[=key=value,...] -jar your-app.jar\n");
        sb.append("keys (also stackwatch.<key> system properties, STACKWATCH_<KEY> variables, a config= file):\n");
        for (io.stackwatch.agent.config.ConfigKey k : io.stackwatch.agent.config.ConfigKey.values()) {
            sb.append(String.format("  %-17s %s%n", k.key(), k.accepted()));
        }
        sb.append(COMMANDS);
        return sb.toString();
    }

    private static final String COMMANDS = String.join("\n",
            "       java -jar stackwatch-agent.jar scan [options] <jar|dir|classpath>...",
            "           finds recursion cycles and deep call chains in class files without running them (scan --help for the options)",
            "       java -jar stackwatch-agent.jar attach <pid> [key=value,...]",
            "           loads the agent into a running JVM and instruments the classes it has loaded",
            "       java -jar stackwatch-agent.jar detach <pid>",
            "           removes the instrumentation and stops the agent's threads",
            "       java -jar stackwatch-agent.jar report <pid> [--json]",
            "           every thread of a JVM running the agent, riskiest first: depth, frames, bytes, cycle, origin",
            "       java -jar stackwatch-agent.jar list",
            "           the JVMs on this machine (this user's): pid, main class, whether the agent runs in them",
            "       java -jar stackwatch-agent.jar --version",
            "");

}
