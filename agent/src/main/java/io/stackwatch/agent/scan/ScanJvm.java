package io.stackwatch.agent.scan;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the scan in a JVM tuned for a short batch job: the C1 compiler only
 * ({@code -XX:TieredStopAtLevel=1}). Profiled on a 20 MB classpath, C2 spent 7.9 s of CPU compiling
 * ASM's class reader for a job that needs 3.4 s of CPU in all with C1 alone; on a machine with two
 * busy cores that is the difference between 16 s and 7 s. The child gets the parent's JVM options
 * (so {@code -Xmx} and the like still apply) and the parent's standard streams, and its exit status
 * is the command's. {@code -Dstackwatch.scan.fork=false}, or a JVM already started with
 * {@code TieredStopAtLevel}, scans in this JVM.
 */
final class ScanJvm {

    static final String FORK_PROPERTY = "stackwatch.scan.fork";

    private ScanJvm() {
    }

    /** The child's exit status, or -1 when the scan should run in this JVM. */
    static int runForked(String[] args) {
        if ("false".equalsIgnoreCase(System.getProperty(FORK_PROPERTY))) {
            return -1;
        }
        try {
            List<String> jvmOptions = ManagementFactory.getRuntimeMXBean().getInputArguments();
            for (String o : jvmOptions) {
                if (o.startsWith("-XX:TieredStopAtLevel") || o.startsWith("-D" + FORK_PROPERTY)) {
                    return -1;
                }
            }
            Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
            String classPath = System.getProperty("java.class.path");
            if (!Files.isExecutable(java) || classPath == null || classPath.isEmpty()) {
                return -1;
            }
            List<String> cmd = new ArrayList<>();
            cmd.add(java.toString());
            cmd.add("-XX:TieredStopAtLevel=1");
            for (String o : jvmOptions) {
                if (!o.startsWith("-agentlib:jdwp") && !o.startsWith("-javaagent")) {
                    cmd.add(o);
                }
            }
            cmd.add("-D" + FORK_PROPERTY + "=false");
            cmd.add("-cp");
            cmd.add(classPath);
            cmd.add("io.stackwatch.agent.cli.Main");
            cmd.add("scan");
            for (String a : args) {
                cmd.add(a);
            }
            Process p = new ProcessBuilder(cmd).inheritIO().start();
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ScanCommand.SKIPPED;
        } catch (Exception | LinkageError e) {
            return -1; // cannot start a JVM (or read our own options): scan here
        }
    }
}
