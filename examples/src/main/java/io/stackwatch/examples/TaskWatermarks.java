package io.stackwatch.examples;

import io.stackwatch.core.tasks.TaskFigures;
import io.stackwatch.core.tasks.TaskWatch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Go's goroutine wrapper and watermark middleware, in Java: a worker pool wrapped with
 * {@link TaskWatch}, fed requests whose nesting varies. Every task's stack watermark is recorded;
 * the one request nested deep enough to use more than half of its worker's stack is reported by the
 * agent (a {@code task} warning and event), the others only count.
 *
 * <pre>java -javaagent:stackwatch-agent.jar -cp stackwatch-examples.jar io.stackwatch.examples.TaskWatermarks [deep nesting]</pre>
 *
 * Without the agent, put {@code stackwatch-core.jar} on the class path: the tasks then run unwatched.
 */
public final class TaskWatermarks {

    private TaskWatermarks() {
    }

    public static void main(String[] args) throws Exception {
        int deep = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        ExecutorService pool = TaskWatch.withWarnAt(0.5)
                .wrap(Executors.newFixedThreadPool(2, r -> new Thread(r, "request-worker")));
        int[] nestings = {10, 200, 50, deep, 30};
        List<Future<Integer>> results = new ArrayList<>();
        for (int n : nestings) {
            String request = "(".repeat(n) + ")".repeat(n);
            results.add(pool.submit(() -> depth(request, 0)));
        }
        for (int i = 0; i < nestings.length; i++) {
            System.out.println("request nested " + nestings[i] + " -> depth " + results.get(i).get());
        }
        pool.shutdown();
        System.out.println("tasks " + TaskFigures.tasks() + ", over the line " + TaskFigures.crossings()
                + ", deepest task " + TaskFigures.maxPeakDepth() + " instrumented frames, "
                + TaskFigures.maxPeakBytes() + " bytes of stack ("
                + Math.round(TaskFigures.maxPeakRatio() * 100) + "% of its thread's)");
    }

    /** A recursive-descent reading of balanced parentheses: one call per level. */
    static int depth(String s, int at) {
        if (at >= s.length() || s.charAt(at) != '(') {
            return 0;
        }
        return 1 + depth(s, at + 1);
    }
}
