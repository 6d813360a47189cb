package testapps;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A host that stays up to be scraped: a thread with a hostile name parked deep in a recursion, a
 * runaway recursion that overflows once (a warning and an overflow), a few short-lived threads.
 * Prints "ready" when all that happened, then runs until its standard input closes (60 s at most).
 */
public final class MetricsHost {

    /** Quotes, a newline, a backslash, braces and a comma: everything that could break an exposition format. */
    public static final String HOSTILE_NAME = "evil\"thread\n\\name} {x=\"1\"},";

    static int parked(int n, CountDownLatch deep, CountDownLatch release) throws InterruptedException {
        if (n == 0) {
            deep.countDown();
            release.await(60, TimeUnit.SECONDS);
            return 0;
        }
        return parked(n - 1, deep, release) + 1;
    }

    static long runaway(long n) {
        return runaway(n + 1) + 1;
    }

    public static void main(String[] args) throws Exception {
        int depth = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        CountDownLatch deep = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread hostile = new Thread(() -> {
            try {
                parked(depth, deep, release);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, HOSTILE_NAME);
        hostile.setDaemon(true);
        hostile.start();
        deep.await(30, TimeUnit.SECONDS);
        TrackerProbe.runOn("platform", 0, "runaway-worker", () -> {
            try {
                runaway(0);
            } catch (StackOverflowError e) {
                System.out.println("overflow " + e.getClass().getName());
            }
        });
        for (int i = 0; i < 5; i++) {
            Thread t = new Thread(() -> { }, "short-" + i);
            t.start();
            t.join();
        }
        System.out.println("ready");
        System.out.flush();
        waitForStdinToClose();
        release.countDown();
        System.out.println("done");
    }

    static void waitForStdinToClose() throws InterruptedException {
        Thread reader = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // discard
                }
            } catch (IOException ignored) {
                // closed
            }
        }, "stdin-reader");
        reader.setDaemon(true);
        reader.start();
        reader.join(60_000);
    }
}
