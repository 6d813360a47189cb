package io.stackwatch.agent.scan;

import java.io.PrintStream;
import java.util.Locale;

/** Progress lines on stderr, for inputs large enough to take a noticeable time (4 MiB and more). */
final class Progress {

    static final long LARGE_INPUT_BYTES = 4L * 1024 * 1024;

    private final PrintStream err;
    private final boolean quiet;
    private final long started = System.nanoTime();
    private boolean enabled;
    private long lastNanos;

    Progress(PrintStream err, boolean quiet) {
        this.err = err;
        this.quiet = quiet;
    }

    void start(long inputBytes, int inputs) {
        enabled = !quiet && inputBytes >= LARGE_INPUT_BYTES;
        lastNanos = System.nanoTime();
        say(String.format(Locale.ROOT, "reading %.1f MiB from %d input%s", inputBytes / 1048576.0, inputs, inputs == 1 ? "" : "s"));
    }

    void reading(int classes) {
        long now = System.nanoTime();
        if (now - lastNanos >= 1_000_000_000L) {
            lastNanos = now;
            say(String.format(Locale.ROOT, "read %,d classes", classes));
        }
    }

    void phase(String what) {
        say(what);
    }

    double elapsedSeconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    private void say(String what) {
        if (enabled) {
            err.println(String.format(Locale.ROOT, "stackwatch scan: %s (%.1f s)", what, elapsedSeconds()));
            err.flush();
        }
    }
}
