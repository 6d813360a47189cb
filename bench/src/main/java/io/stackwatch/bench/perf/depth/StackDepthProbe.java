package io.stackwatch.bench.perf.depth;

import io.stackwatch.bench.accuracy.RecursionUnderTest;
import io.stackwatch.bench.perf.ChildJava;
import io.stackwatch.bench.perf.ChildOutput;

import java.util.ArrayList;
import java.util.List;

/**
 * Stack cost: how deep {@link RecursionUnderTest} gets before its {@link StackOverflowError}, with the
 * agent instrumenting it and without, interpreted ({@code -Xint}) or compiled (warmed up first, or
 * running away cold).
 */
public final class StackDepthProbe {

    static final String AGENT_ARGS = "include=" + RecursionUnderTest.class.getName();

    private StackDepthProbe() {
    }

    /**
     * One row: {@code [depth without, depth with the agent, depth of the hand-written thread-local
     * counter's version without the agent]}.
     */
    public static long[] depths(String frames, String mode, String thread) throws Exception {
        return new long[]{depth(null, frames, mode, thread), depth(AGENT_ARGS, frames, mode, thread),
                depth(null, frames + "-counter", mode, thread)};
    }

    private static long depth(String agentArgs, String frames, String mode, String thread) throws Exception {
        List<String> options = new ArrayList<>(ChildJava.agentOption(agentArgs));
        if (mode.equals("interpreted")) {
            options.add("-Xint");
        }
        String warmth = mode.equals("compiled-warm") ? "hot" : "cold";
        return Long.parseLong(ChildOutput.lastLine(ChildOutput.java(options, RecursionUnderTest.class.getName(),
                frames, warmth, thread, "0"), "overflow at "));
    }
}
