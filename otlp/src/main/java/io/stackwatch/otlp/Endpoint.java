package io.stackwatch.otlp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One OTLP/HTTP endpoint (metrics or logs): posts protobuf requests and says when it stops taking
 * them, once, and when it takes them again, once. A collector that is down costs one line, not one
 * line (with a stack trace) per export.
 */
final class Endpoint {

    private final String signal;
    private final String url;
    private final Consumer<String> problems;
    private boolean failing;

    Endpoint(String signal, String url, Consumer<String> problems) {
        this.signal = signal;
        this.url = url;
        this.problems = problems;
    }

    String url() {
        return url;
    }

    /** Posts one request; true when the endpoint took it (2xx). {@code what} names its content for the line. */
    synchronized boolean post(byte[] body, Map<String, String> headers, String what) {
        String failure;
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(5000);
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/x-protobuf");
            for (Map.Entry<String, String> h : headers.entrySet()) {
                c.setRequestProperty(h.getKey(), h.getValue());
            }
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
            int status = c.getResponseCode();
            drain(status < 400 ? c.getInputStream() : c.getErrorStream());
            if (status / 100 == 2) {
                if (failing) {
                    failing = false;
                    say("OTLP " + signal + " export to " + url + " works again");
                }
                return true;
            }
            failure = "HTTP " + status;
        } catch (IOException | RuntimeException e) {
            failure = e.toString();
        }
        if (!failing) {
            failing = true;
            say("OTLP " + signal + " export to " + url + " failed (" + failure + "); " + what
                    + " not sent, and so on until it works again (said once)");
        }
        return false;
    }

    private void say(String line) {
        try {
            problems.accept(line);
        } catch (RuntimeException ignored) {
            // the agent's log is the only place to say it
        }
    }

    private static void drain(InputStream in) throws IOException {
        if (in != null) {
            try (in) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }
    }
}
