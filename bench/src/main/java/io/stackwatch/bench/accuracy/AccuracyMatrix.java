package io.stackwatch.bench.accuracy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link RecursionUnderTest} under the agent over the matrix (frame size, stack size, tier,
 * thread kind, JDK) and prints, as a Markdown table, the overflow depth predicted at the warning
 * against the real one, the ratio at which the warning fired, and the lead (frames and bytes between
 * the warning and the real overflow).
 *
 * <p>Args: the agent jar, this module's jar, then one or more {@code java} executables.
 */
public final class AccuracyMatrix {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        String agentJar = args[0];
        String benchJar = args[1];
        List<String> javas = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            javas.add(args[i]);
        }
        System.out.println("| JDK | frames | stack | tier | thread | measured | warn ratio | warn depth | predicted | actual | error | lead frames | lead bytes | warn first |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        int cells = 0;
        int warnFirst = 0;
        int within5 = 0;
        int measuredCells = 0;
        for (String java : javas) {
            int feature = feature(java);
            for (String thread : new String[]{"platform", "virtual"}) {
                if (thread.equals("virtual") && feature < 21) {
                    continue;
                }
                for (String stack : new String[]{"256k", "default", "4m"}) {
                    if (thread.equals("virtual") && !stack.equals("default")) {
                        continue; // a virtual thread has no stack size of its own
                    }
                    for (String frames : new String[]{"small", "large"}) {
                        for (String tier : new String[]{"cold", "warm"}) { // interpreted (-Xint), JIT-compiled
                            Cell c = run(java, agentJar, benchJar, frames, tier, thread, stack);
                            cells++;
                            warnFirst += c.warnFirst ? 1 : 0;
                            if (c.measured) {
                                measuredCells++;
                                within5 += Math.abs(c.error) <= 0.05 ? 1 : 0;
                            }
                            System.out.printf(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %.4f | %d | %d | %d | %+.1f%% | %d | %d | %s |%n",
                                    feature, frames, stack, tier, thread, c.measured ? "yes" : "no", c.warnRatio, c.warnDepth,
                                    c.predicted, c.actual, c.error * 100, c.actual - c.warnDepth,
                                    c.capacity - c.warnBytes, c.warnFirst ? "yes" : "NO");
                        }
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "%nwarning first in %d of %d cells; prediction within 5%% in %d of %d measured cells%n",
                warnFirst, cells, within5, measuredCells);
    }

    private static int feature(String java) throws Exception {
        Process p = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        String v = out.replaceAll("(?s).*version \"([0-9]+).*", "$1");
        return Integer.parseInt(v);
    }

    static final class Cell {
        boolean warnFirst;
        boolean measured;
        double warnRatio;
        long warnDepth;
        long warnBytes;
        long capacity;
        long predicted;
        long actual;
        double error;
    }

    private static Cell run(String java, String agentJar, String benchJar, String frames, String tier, String thread,
                            String stack) throws Exception {
        Path log = Files.createTempFile("stackwatch-accuracy-", ".jsonl");
        Files.delete(log);
        long stackBytes = stack.equals("default") ? 0 : stack.equals("256k") ? 256 * 1024 : 4 * 1024 * 1024;
        List<String> cmd = new ArrayList<>(List.of(java, tier.equals("cold") ? "-Xint" : "-Xmixed",
                "-javaagent:" + agentJar + "=eventLog=" + log, "-cp", benchJar, RecursionUnderTest.class.getName(), frames, tier, thread, String.valueOf(stackBytes)));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + cmd);
        }
        Cell c = new Cell();
        JsonNode warn = null;
        JsonNode overflow = null;
        for (String line : Files.readAllLines(log)) {
            JsonNode e = JSON.readTree(line);
            if (!e.get("thread").asText().equals("under-test")) {
                continue;
            }
            if (warn == null && e.get("type").asText().equals("warn")) {
                warn = e;
            }
            if (overflow == null && e.get("type").asText().equals("overflow")) {
                overflow = e;
                c.warnFirst = warn != null;
            }
        }
        Files.deleteIfExists(log);
        if (warn != null && overflow != null) {
            c.measured = warn.get("measured").asBoolean();
            c.warnRatio = warn.get("ratio").asDouble();
            c.warnDepth = warn.get("depth").asLong();
            c.warnBytes = warn.get("stackBytes").asLong();
            c.capacity = warn.get("capacityBytes").asLong();
            c.predicted = warn.get("predictedOverflowDepth").asLong();
            c.actual = overflow.get("depth").asLong();
            c.error = (double) (c.predicted - c.actual) / c.actual;
        }
        return c;
    }

    private AccuracyMatrix() {
    }

}
