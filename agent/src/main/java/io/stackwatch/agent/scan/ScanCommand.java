package io.stackwatch.agent.scan;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;

/**
 * {@code java -jar stackwatch-agent.jar scan ...}: the static scan from the command line. Exit
 * status 0 when everything named was scanned, 1 when something was skipped (each named in one line
 * on stderr; the rest is still scanned and reported), 2 on a usage error, 3 when {@code --fail-on
 * unguarded} was given and an unguarded recursion that input drives was found (the CI gate wins
 * over a skipped file: both are on stderr).
 */
public final class ScanCommand {

    public static final int OK = 0;
    public static final int SKIPPED = 1;
    public static final int USAGE = 2;
    public static final int FOUND = 3;

    private static final String DEFAULT_REPORT = "stackwatch-scan.json";

    private ScanCommand() {
    }

    /** From the command line: in a JVM tuned for the job (see {@link ScanJvm}) when one can be started. */
    public static int main(String[] args) {
        int forked = ScanJvm.runForked(args);
        return forked >= 0 ? forked : run(args, System.out, System.err);
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        ScanOptions options;
        try {
            options = ScanOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("stackwatch scan: " + e.getMessage() + " (java -jar stackwatch-agent.jar scan --help for usage)");
            return USAGE;
        }
        if (options.help) {
            out.println(ScanOptions.USAGE);
            return OK;
        }
        ScanResult result = StaticScan.run(options, new Progress(err, options.quiet));
        for (String problem : result.loaded.problems) {
            err.println(problem);
        }
        int status = result.loaded.problems.isEmpty() ? OK : SKIPPED;

        String reportFile = options.out == null ? DEFAULT_REPORT : Paths.get(options.out).toAbsolutePath().toString();
        String agentArguments = "-javaagent:" + agentJar() + "=select=scan:" + reportFile;
        String json = options.json || options.out != null ? JsonReport.render(result, agentArguments, version()) : null;
        if (options.out != null) {
            try {
                Path file = Paths.get(options.out);
                Files.write(file, json.getBytes(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                err.println("stackwatch scan: cannot write the report to " + options.out + " (" + ClassInputs.describe(e) + ")");
                status = SKIPPED;
            }
        }
        if (options.sarif != null) {
            try {
                Files.write(Paths.get(options.sarif), SarifReport.render(result, version()).getBytes(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                err.println("stackwatch scan: cannot write the SARIF report to " + options.sarif + " (" + ClassInputs.describe(e) + ")");
                status = SKIPPED;
            }
        }
        if (options.json) {
            out.print(json);
        } else {
            TextReport.print(result, agentArguments, out);
        }
        out.flush();
        if (options.failOnUnguarded) {
            int found = result.unguardedInputDriven();
            if (found > 0) {
                err.println(String.format(java.util.Locale.ROOT,
                        "stackwatch scan: --fail-on unguarded: %d unguarded recursion%s that input drives (the first: #%d)",
                        found, found == 1 ? "" : "s", result.firstUnguardedInputDriven().rank));
                return FOUND;
            }
        }
        return status;
    }

    private static String agentJar() {
        try {
            CodeSource source = ScanCommand.class.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null) {
                Path p = Paths.get(source.getLocation().toURI());
                if (p.toString().endsWith(".jar")) {
                    return p.toString();
                }
            }
        } catch (URISyntaxException | RuntimeException ignored) {
            // fall through to the jar's usual name
        }
        return "stackwatch-agent.jar";
    }

    private static String version() {
        return io.stackwatch.agent.bootstrap.BootstrapInjector.version();
    }
}
