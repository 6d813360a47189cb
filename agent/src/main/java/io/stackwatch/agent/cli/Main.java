package io.stackwatch.agent.cli;

/** {@code java -jar stackwatch-agent.jar}: how to use the jar. Commands (scan, attach, report) come with later work. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && !args[0].equals("help") && !args[0].equals("--help")) {
            System.err.println("stackwatch: unknown command \"" + args[0] + "\"; this build has none: attach it with "
                    + "-javaagent:stackwatch-agent.jar[=key=value,...]");
            System.exit(2);
        }
        System.out.println("stackwatch: warns before a thread runs out of stack.");
        System.out.println("usage: java -javaagent:stackwatch-agent.jar[=key=value,...] -jar your-app.jar");
        System.out.println("keys: see README.md (include, exclude, select, warnAt, action, throwAt, maxDepth, limits, "
                + "stackSize, eventLog, go.initial, go.guard, go.max, go.preset, trace, config)");
    }
}
