package testapps;

import io.stackwatch.core.tasks.TaskFigures;
import io.stackwatch.core.tasks.TaskWatch;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A long-running host for the operations tests, driven by lines on standard input:
 * {@code hold N} parks a thread "holder" N frames deep in {@link #hold}; {@code walk N} runs a
 * recursion N deep on a new thread and waits for it; {@code threads N} starts N short platform
 * threads as fast as it can; {@code task N} runs a recursion N deep as a watched task on a pool;
 * {@code release} lets the holder return; {@code exit} ends. Every command answers one line.
 */
public final class OpsHost {

    static long hold(int n, CountDownLatch reached, CountDownLatch release) throws InterruptedException {
        if (n <= 0) {
            reached.countDown();
            release.await();
            return 0;
        }
        return hold(n - 1, reached, release) + 1;
    }

    static long walk(int n) {
        return n <= 0 ? 0 : walk(n - 1) + 1;
    }

    public static void main(String[] args) throws Exception {
        System.out.println("ready " + ProcessHandle.current().pid());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        ExecutorService pool = null;
        ExecutorService worker = null;
        CountDownLatch release = new CountDownLatch(1);
        String line;
        while ((line = in.readLine()) != null) {
            String[] w = line.trim().split("\\s+");
            int n = w.length > 1 ? Integer.parseInt(w[1]) : 0;
            switch (w[0]) {
                case "hold": {
                    CountDownLatch reached = new CountDownLatch(1);
                    CountDownLatch holdUntil = release;
                    Thread t = new Thread(() -> {
                        try {
                            hold(n, reached, holdUntil);
                        } catch (InterruptedException ignored) {
                            // end
                        }
                    }, "holder");
                    t.setDaemon(true);
                    t.start();
                    reached.await();
                    System.out.println("holding " + n);
                    break;
                }
                case "walk": {
                    // A walk too deep for the stack ends in its overflow, caught: "walked overflow".
                    String[] result = new String[1];
                    Thread t = new Thread(() -> {
                        try {
                            result[0] = Long.toString(walk(n));
                        } catch (StackOverflowError e) {
                            result[0] = "overflow";
                        }
                    }, "walker");
                    t.start();
                    t.join();
                    System.out.println("walked " + result[0]);
                    break;
                }
                case "threads": {
                    int started = 0;
                    int refused = 0;
                    String message = "";
                    for (int i = 0; i < n; i++) {
                        try {
                            new Thread(() -> { }, "burst-" + i).start();
                            started++;
                        } catch (IllegalStateException e) {
                            refused++;
                            message = e.getClass().getName() + ": " + e.getMessage();
                        }
                    }
                    System.out.println("started " + started + " refused " + refused + (refused > 0 ? " " + message : ""));
                    break;
                }
                case "pooled": {
                    // The same long-lived thread every time, as a server's pooled worker.
                    if (worker == null) {
                        worker = Executors.newSingleThreadExecutor(r -> {
                            Thread t = new Thread(r, "pooled-worker");
                            t.setDaemon(true);
                            return t;
                        });
                    }
                    Future<Long> f = worker.submit(() -> walk(n));
                    try {
                        System.out.println("pooled " + f.get());
                    } catch (java.util.concurrent.ExecutionException e) {
                        System.out.println("pooled failed " + e.getCause());
                    }
                    break;
                }
                case "task": {
                    if (pool == null) {
                        pool = TaskWatch.withWarnAt(0.3).wrap(Executors.newFixedThreadPool(1, r -> new Thread(r, "task-worker")));
                    }
                    Future<?> f = pool.submit(() -> walk(n));
                    f.get();
                    System.out.println("task " + n + " tasks=" + TaskFigures.tasks() + " crossings=" + TaskFigures.crossings()
                            + " maxPeakDepth=" + TaskFigures.maxPeakDepth() + " maxPeakBytes=" + TaskFigures.maxPeakBytes());
                    break;
                }
                case "release":
                    release.countDown();
                    release = new CountDownLatch(1);
                    System.out.println("released");
                    break;
                case "exit":
                    System.out.println("bye");
                    System.exit(0);
                    break;
                default:
                    System.out.println("unknown " + line);
            }
        }
    }
}
