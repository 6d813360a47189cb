package io.stackwatch.agent.cli;

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
        if (args.length > 0 && !args[0].equals("help") && !args[0].equals("--help") && !args[0].equals("-h")) {
            System.err.println("stackwatch: unknown command \"" + args[0] + "\"; commands: scan, attach, detach, report, help (attach the agent with "
                    + "-javaagent:stackwatch-agent.jar[=key=value,...])");
            System.exit(2);
        }
        System.out.println("stackwatch: warns before a thread runs out of stack.");
        System.out.println("usage: java -javaagent:stackwatch-agent.jar[=key=value,...] -jar your-app.jar");
        System.out.println("keys: see README.md (include, exclude, select, warnAt, action, throwAt, maxDepth, limits, "
                + "stackSize, eventLog, go.initial, go.guard, go.max, go.preset, trace, config, patrol, patrolDepth, patrolRatio, "
                + "patrolBudget, threadRate, threadRateWindow, threadRateAction, stackInuse, stackInuseWindow)");
        System.out.println("       java -jar stackwatch-agent.jar scan [options] <jar|dir|classpath>...");
        System.out.println("           finds recursion cycles and deep call chains in class files without running them "
                + "(scan --help for the options)");
        System.out.println("       java -jar stackwatch-agent.jar attach <pid> [key=value,...]");
        System.out.println("           loads the agent into a running JVM and instruments the classes it has loaded");
        System.out.println("       java -jar stackwatch-agent.jar detach <pid>");
        System.out.println("           removes the instrumentation and stops the agent's threads");
        System.out.println("       java -jar stackwatch-agent.jar report <pid> [--json]");
        System.out.println("           every thread of a JVM running the agent, riskiest first: depth, frames, bytes, cycle, origin");
    }
}
