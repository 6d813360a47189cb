package io.stackwatch.bench.perf.depth;

import io.stackwatch.bench.accuracy.RecursionUnderTest;
import io.stackwatch.bench.perf.ChildJava;
import io.stackwatch.bench.perf.ChildOutput;
import io.stackwatch.bench.perf.Mechanisms;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Stack cost: how deep {@link RecursionUnderTest} gets before its {@link StackOverflowError}, with the
 * agent instrumenting it and without, interpreted ({@code -Xint}) or compiled (warmed up first, or
 * running away cold); and, without the agent, the hand-written versions of what the agent adds.
 */
public final class StackDepthProbe {

    static final String AGENT_ARGS = "include=" + RecursionUnderTest.class.getName();

    /**
     * One row: the depth without the agent, with it, of the hand-written thread-local counter's
     * version and of the hand-written depth parameter's (-1 where the recursion has none), and the
     * mechanism the agent gave the recursion's methods.
     */
    public record Row(long without, long with, long counter, long parameter, String mechanism) {
    }

    private StackDepthProbe() {
    }

    public static Row depths(String frames, String mode, String thread) throws Exception {
        Path dump = Files.createTempDirectory("stackwatch-depth-dump");
        try {
            long with = depth(AGENT_ARGS, dump, frames, mode, thread);
            String mechanism = Mechanisms.describe(Mechanisms.read(dump), methodsOf(frames));
            return new Row(depth(null, null, frames, mode, thread), with, depth(null, null, frames + "-counter", mode, thread),
                    frames.equals("small") ? depth(null, null, frames + "-param", mode, thread) : -1, mechanism);
        } finally {
            Mechanisms.delete(dump);
        }
    }

    /** The methods (as {@link Mechanisms} names them) that make up one round of {@code frames}. */
    private static String[] methodsOf(String frames) {
        String c = RecursionUnderTest.class.getName();
        switch (frames) {
            case "pair": return new String[]{c + ".pairA", c + ".pairB"};
            case "visitor": return new String[]{c + "$DepthVisitor.visit", c + "$Chain.accept"};
            default: return new String[]{c + "." + frames};
        }
    }

    private static long depth(String agentArgs, Path dump, String frames, String mode, String thread) throws Exception {
        List<String> options = new ArrayList<>(ChildJava.agentOption(agentArgs));
        if (dump != null) {
            options.add("-Dstackwatch.dumpDir=" + dump);
        }
        if (mode.equals("interpreted")) {
            options.add("-Xint");
        }
        String warmth = mode.equals("compiled-warm") ? "hot" : mode.equals("compiled-warm-deep") ? "hot-deep" : "cold";
        return Long.parseLong(ChildOutput.lastLine(ChildOutput.java(options, RecursionUnderTest.class.getName(),
                frames, warmth, thread, "0"), "overflow at "));
    }
}
