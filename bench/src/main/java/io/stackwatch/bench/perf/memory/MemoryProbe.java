package io.stackwatch.bench.perf.memory;

import io.stackwatch.bench.perf.ChildJava;
import io.stackwatch.bench.perf.ChildOutput;

import java.util.ArrayList;
import java.util.List;

/** Heap kept per tracked thread: {@link ParkedThreads} with and without the agent, alternately. */
public final class MemoryProbe {

    static final String AGENT_ARGS = "include=" + ShallowRecursion.class.getName();

    private MemoryProbe() {
    }

    /**
     * Bytes per thread, one figure per round. {@code settleMillis}: how long each child waits for the
     * agent's start-up work on its own threads before its first heap reading.
     */
    public static List<Long> bytesPerThread(String kind, int count, int rounds, int settleMillis) throws Exception {
        List<Long> out = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            long without = heapGrowth(null, kind, count, settleMillis);
            long with = heapGrowth(AGENT_ARGS, kind, count, settleMillis);
            out.add((with - without) / count);
        }
        return out;
    }

    private static long heapGrowth(String agentArgs, String kind, int count, int settleMillis) throws Exception {
        List<String> options = new ArrayList<>(ChildJava.agentOption(agentArgs));
        options.add("-Xmx4g");
        // One collector for both runs, whatever the machine's ergonomics pick.
        options.add("-XX:+UseSerialGC");
        return Long.parseLong(ChildOutput.lastLine(
                ChildOutput.java(options, ParkedThreads.class.getName(), kind, Integer.toString(count),
                        Integer.toString(settleMillis)), "heap growth "));
    }
}
