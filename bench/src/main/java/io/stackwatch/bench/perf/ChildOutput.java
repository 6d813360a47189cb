package io.stackwatch.bench.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs a child JVM to its end and returns the last line of its standard output that starts with a prefix. */
public final class ChildOutput {

    private ChildOutput() {
    }

    public static String lastLine(List<String> command, String prefix) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        String found = null;
        for (String line : out.split("\n")) {
            if (line.startsWith(prefix)) {
                found = line.substring(prefix.length()).trim();
            }
        }
        if (found == null) {
            throw new IllegalStateException("no '" + prefix + "' line from " + command + ":\n" + out);
        }
        return found;
    }

    public static List<String> java(List<String> jvmOptions, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ChildJava.java());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(ChildJava.classPath());
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }
}
