package io.stackwatch.bench.perf.mechanism;

import io.stackwatch.bench.perf.Mechanisms;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Which mechanism counts each method, read from the classes an agent run wrote with
 * {@code -Dstackwatch.dumpDir=DIR} ({@link Mechanisms}: a private synthetic overload with the depth as
 * an extra {@code int}, or a call of the tracker's {@code enter}; of each class the last form the JVM
 * got). Prints one line per dump
 * directory given: {@code name rewritten=N countingCode=M share=P%}.
 */
public final class MechanismShares {

    private MechanismShares() {
    }

    public static void main(String[] args) throws IOException {
        long allRewritten = 0;
        long allCounted = 0;
        for (String dir : args) {
            long[] n = shares(Path.of(dir));
            allRewritten += n[0];
            allCounted += n[1];
            System.out.println(line(Path.of(dir).getFileName().toString(), n[0], n[1]));
        }
        if (args.length > 1) {
            System.out.println(line("all", allRewritten, allCounted));
        }
    }

    private static String line(String name, long rewritten, long counted) {
        long total = rewritten + counted;
        return name + " rewritten=" + rewritten + " countingCode=" + counted + " depthParameterShare="
                + (total == 0 ? "-" : Math.round(100.0 * rewritten / total) + "%");
    }

    /**
     * {@code [methods with a depth parameter, methods with counting code]} in one dump directory. A
     * rewritten cycle's entry calls the tracker's {@code enter} as well: it counts once, as a depth
     * parameter.
     */
    static long[] shares(Path dir) throws IOException {
        long[] n = new long[2];
        for (Mechanisms.Mechanism m : Mechanisms.read(dir).values()) {
            if (m == Mechanisms.Mechanism.DEPTH_PARAMETER) {
                n[0]++;
            } else if (m == Mechanisms.Mechanism.COUNTING_CODE) {
                n[1]++;
            }
        }
        return n;
    }
}
