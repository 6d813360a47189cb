package io.stackwatch.agent.endpoint;

import java.nio.charset.StandardCharsets;

/**
 * The request line and the one header the endpoint reads ({@code Host}) of an HTTP/1.x request,
 * parsed from the bytes received so far. The endpoint takes no body, no query parameters and no
 * other header.
 */
final class RequestHead {

    final String method;
    /** The path of the target, without its query. */
    final String path;
    /** The Host header (or the authority of an absolute target), or null when the request has none. */
    final String host;

    private RequestHead(String method, String path, String host) {
        this.method = method;
        this.path = path;
        this.host = host;
    }

    /** Where the head ends in {@code bytes[0, length)} (just past the empty line), or -1 while it has not ended. */
    static int end(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\n') {
                if (i + 1 < length && bytes[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < length && bytes[i + 1] == '\r' && bytes[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    /** Parses a complete head; null when it is not a well-formed HTTP/1.x request. */
    static RequestHead parse(byte[] bytes, int length) {
        String[] lines = new String(bytes, 0, length, StandardCharsets.ISO_8859_1).split("\r?\n");
        if (lines.length == 0) {
            return null;
        }
        String[] request = lines[0].split(" ", -1);
        if (request.length != 3 || !request[0].matches("[A-Z]{1,16}") || !request[2].matches("HTTP/1\\.[01]")) {
            return null;
        }
        String target = request[1];
        String authority = null;
        if (target.regionMatches(true, 0, "http://", 0, 7)) {
            // Absolute form: its authority stands in for the Host header.
            int slash = target.indexOf('/', 7);
            authority = slash < 0 ? target.substring(7) : target.substring(7, slash);
            target = slash < 0 ? "/" : target.substring(slash);
        }
        if (!target.startsWith("/")) {
            return null;
        }
        int query = target.indexOf('?');
        String path = query < 0 ? target : target.substring(0, query);
        String host = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                return null;
            }
            if (line.substring(0, colon).trim().equalsIgnoreCase("host")) {
                if (host != null) {
                    return null; // two Host headers: which one a proxy in front used is anyone's guess
                }
                host = line.substring(colon + 1).trim();
            }
        }
        return new RequestHead(request[0], path, authority != null ? authority : host);
    }
}
