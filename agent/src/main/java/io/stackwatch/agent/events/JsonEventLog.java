package io.stackwatch.agent.events;

import org.slf4j.Logger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The {@code eventLog=} file: one JSON object per line, appended per event (events are rare:
 * crossings, not calls). Each line goes out in one write on a channel opened for appending, so JVMs
 * sharing one log never cut into each other's lines, however long. The file is opened as
 * {@link PrivateAppendFile} says (owner-only, no other user's links, regular files only). A file that
 * cannot be opened or written is reported once and then left alone; the rest of the agent goes on.
 */
public final class JsonEventLog implements AutoCloseable {

    private final Path path;
    private final Logger log;
    private FileChannel out;

    private JsonEventLog(Path path, Logger log, FileChannel out) {
        this.path = path;
        this.log = log;
        this.out = out;
    }

    /** Opens the log for appending, or returns null (after one line saying why) when it cannot. */
    public static JsonEventLog open(Path path, Logger log) {
        try {
            return new JsonEventLog(path, log, PrivateAppendFile.open(path));
        } catch (IOException | RuntimeException e) {
            log.error("cannot open eventLog={} ({}); events are still logged as warnings", path,
                    e instanceof IOException && e.getClass() == IOException.class ? e.getMessage() : e.toString());
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
        byte[] bytes = (json + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer line = ByteBuffer.wrap(bytes);
        try {
            // One write(2) for the whole line: with O_APPEND it lands whole at the end of the file.
            while (line.hasRemaining()) {
                out.write(line);
            }
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
