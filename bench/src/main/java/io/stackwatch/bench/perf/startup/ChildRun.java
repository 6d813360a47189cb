package io.stackwatch.bench.perf.startup;

import java.io.IOException;
import java.io.OutputStream;

/** A child JVM started by a benchmark operation, reaped outside the timed part. */
final class ChildRun {

    private ChildRun() {
    }

    static void reap(Process p) throws InterruptedException {
        if (p == null) {
            return;
        }
        try {
            p.getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (IOException closed) {
            // the child is gone already
        }
        p.waitFor();
    }
}
