package io.stackwatch.agent.scan;

import io.stackwatch.agent.config.ByteSize;

import java.util.ArrayList;
import java.util.List;

/** The {@code scan} command's arguments, parsed. A usage error is an {@link IllegalArgumentException}. */
final class ScanOptions {

    static final String USAGE = String.join("\n",
            "usage: java -jar stackwatch-agent.jar scan [options] <jar|dir|class file|classpath>...",
            "  Reads class files (never loads or runs them), builds the call graph of the whole input and",
            "  reports recursion cycles, riskiest first, and the deepest call chains.",
            "  A classpath is separated by ':' and may end an element in '*' (every jar of a directory).",
            "options:",
            "  --json             print the report as JSON (what select=scan:<file> reads)",
            "  --out FILE         also write the JSON report to FILE (the agent arguments then name it)",
            "  --top N            recursions to report, riskiest first (default 25; 0 for all)",
            "  --chains N         deepest call chains to report (default 3)",
            "  --stack-size SIZE  thread stack to predict for, like -Xss (default 1m; the JVM's 96k of guard",
            "                     zones are subtracted)",
            "  --max-targets N    follow a virtual call only if it has at most N possible targets (default 32)",
            "  --sarif FILE       also write the report as SARIF 2.1.0 to FILE (GitHub code scanning reads it)",
            "  --fail-on unguarded  exit 3 when an unguarded recursion that input drives is found (a CI gate)",
            "  --quiet            no progress lines on stderr",
            "exit status: 0 everything was scanned, 1 something was skipped (each named on stderr), 2 usage error,",
            "  3 --fail-on unguarded and an unguarded recursion that input drives was found");

    static final long GUARD_ZONE_BYTES = 96 * 1024;

    final List<String> inputs = new ArrayList<>();
    boolean json;
    String out;
    int top = 25;
    int chains = 3;
    long stackBytes = 1024 * 1024;
    int maxTargets = 32;
    boolean quiet;
    boolean help;
    String sarif;
    /** Exit {@link ScanCommand#FOUND} when an unguarded recursion that input drives is found. */
    boolean failOnUnguarded;

    static ScanOptions parse(String[] args) {
        ScanOptions o = new ScanOptions();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--json":
                    o.json = true;
                    break;
                case "--quiet":
                case "-q":
                    o.quiet = true;
                    break;
                case "-h":
                case "--help":
                    o.help = true;
                    break;
                case "--sarif":
                    o.sarif = value(args, ++i, a);
                    break;
                case "--fail-on":
                    String gate = value(args, ++i, a);
                    if (!gate.equals("unguarded")) {
                        throw new IllegalArgumentException("--fail-on \"" + gate + "\": expected unguarded");
                    }
                    o.failOnUnguarded = true;
                    break;
                case "--out":
                case "-o":
                    o.out = value(args, ++i, a);
                    break;
                case "--top":
                    o.top = number(value(args, ++i, a), a, 0);
                    break;
                case "--chains":
                    o.chains = number(value(args, ++i, a), a, 0);
                    break;
                case "--max-targets":
                    o.maxTargets = number(value(args, ++i, a), a, 1);
                    break;
                case "--stack-size":
                    String v = value(args, ++i, a);
                    long n = ByteSize.parse(v);
                    if (n < 2 * GUARD_ZONE_BYTES) {
                        throw new IllegalArgumentException("--stack-size \"" + v + "\": expected a size such as 512k, 1m or 4m (more than 192k)");
                    }
                    o.stackBytes = n;
                    break;
                default:
                    if (a.startsWith("-") && a.length() > 1) {
                        throw new IllegalArgumentException("unknown option \"" + a + "\"");
                    }
                    o.inputs.add(a);
            }
        }
        if (o.inputs.isEmpty() && !o.help) {
            throw new IllegalArgumentException("nothing to scan: name at least one jar, directory, class file or classpath");
        }
        return o;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int number(String v, String option, int min) {
        try {
            int n = Integer.parseInt(v);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " \"" + v + "\": expected a whole number of at least " + min);
    }

    /** Bytes a thread of the chosen stack size can use before it overflows. */
    long capacityBytes() {
        return stackBytes - GUARD_ZONE_BYTES;
    }
}
