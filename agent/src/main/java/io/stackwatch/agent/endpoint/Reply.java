package io.stackwatch.agent.endpoint;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** An HTTP/1.1 response as bytes: status, the endpoint's fixed headers, and a body unless it answers a HEAD. */
final class Reply {

    private Reply() {
    }

    static ByteBuffer of(int status, String contentType, String body, boolean withBody) {
        return of(status, contentType, body, withBody, null);
    }

    /** @param allow the methods for an {@code Allow} header (405), or null */
    static ByteBuffer of(int status, String contentType, String body, boolean withBody, String allow) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256)
                .append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n")
                .append("Content-Type: ").append(contentType).append("\r\n")
                .append("Content-Length: ").append(content.length).append("\r\n")
                .append("X-Content-Type-Options: nosniff\r\n")
                .append("Cache-Control: no-store\r\n");
        if (allow != null) {
            head.append("Allow: ").append(allow).append("\r\n");
        }
        // One request per connection: nothing is kept open between scrapes.
        head.append("Connection: close\r\n\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(h.length + (withBody ? content.length : 0));
        out.put(h);
        if (withBody) {
            out.put(content);
        }
        out.flip();
        return out;
    }

    /** A short plain-text answer. */
    static ByteBuffer text(int status, String message) {
        return of(status, "text/plain; charset=utf-8", message, true);
    }

    private static String reason(int status) {
        switch (status) {
            case 200: return "OK";
            case 400: return "Bad Request";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 408: return "Request Timeout";
            case 431: return "Request Header Fields Too Large";
            case 500: return "Internal Server Error";
            case 503: return "Service Unavailable";
            default: return "Status";
        }
    }
}
