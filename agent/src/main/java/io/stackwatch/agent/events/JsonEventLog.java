package io.stackwatch.agent.events;

import org.slf4j.Logger;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The {@code eventLog=} file: one JSON object per line, appended and flushed per event (events are
 * rare: crossings, not calls). A file that cannot be opened or written is reported once and then
 * left alone; the rest of the agent goes on.
 */
public final class JsonEventLog implements AutoCloseable {

    private final Path path;
    private final Logger log;
    private Writer out;

    private JsonEventLog(Path path, Logger log, Writer out) {
        this.path = path;
        this.log = log;
        this.out = out;
    }

    /** Opens the log for appending, or returns null (after one line saying why) when it cannot. */
    public static JsonEventLog open(Path path, Logger log) {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            return new JsonEventLog(path, log, w);
        } catch (IOException | RuntimeException e) {
            log.error("cannot open eventLog={} ({}); events are still logged as warnings", path, e.toString());
            return null;
        }
    }

    void write(EventView view) {
        writeLine(EventJson.toJson(view));
    }

    /** Appends one JSON object built elsewhere (the agent's own checks: patrol, thread rate, stack in use). */
    void writeLine(String json) {
        if (out == null) {
            return;
        }
        try {
            out.write(json);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            log.error("writing eventLog={} failed ({}); no more events go to it, warnings continue", path, e.toString());
            closeQuietly();
        }
    }

    private void closeQuietly() {
        try {
            out.close();
        } catch (IOException ignored) {
            // already reported
        }
        out = null;
    }

    @Override
    public void close() {
        if (out != null) {
            closeQuietly();
        }
    }
}
