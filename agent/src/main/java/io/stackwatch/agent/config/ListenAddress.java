package io.stackwatch.agent.config;

import java.util.Locale;

/**
 * Where an endpoint listens: {@code host:port}, {@code [ipv6]:port}, {@code :port} or a bare port.
 * Without a host it is the loopback address, so nothing is exposed beyond this machine unless asked.
 * Port 0 picks a free port (the start-up line says which).
 */
public final class ListenAddress {

    public static final String LOOPBACK = "127.0.0.1";

    private final String host;
    private final int port;

    private ListenAddress(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** The address {@code value} names, or null when it is not one. Resolving the host is left to binding. */
    public static ListenAddress parse(String value) {
        String v = value.trim();
        String host;
        String port;
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            if (close < 2 || close + 1 >= v.length() || v.charAt(close + 1) != ':') {
                return null;
            }
            host = v.substring(1, close);
            port = v.substring(close + 2);
            if (!host.matches("[0-9A-Fa-f:.%a-zA-Z]+") || !host.contains(":")) {
                return null;
            }
        } else {
            int colon = v.lastIndexOf(':');
            if (colon != v.indexOf(':')) {
                return null; // an IPv6 address needs its brackets to tell host from port
            }
            host = colon < 0 ? "" : v.substring(0, colon);
            port = colon < 0 ? v : v.substring(colon + 1);
            if (!host.isEmpty() && !host.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
                return null;
            }
        }
        if (port.isEmpty() || port.length() > 5) {
            return null;
        }
        for (int i = 0; i < port.length(); i++) {
            if (!Character.isDigit(port.charAt(i))) {
                return null;
            }
        }
        int p = Integer.parseInt(port);
        if (p > 65535) {
            return null;
        }
        return new ListenAddress(host.isEmpty() ? LOOPBACK : host.toLowerCase(Locale.ROOT), p);
    }

    public String host() {
        return host;
    }

    /** The port, 0 for "any free port". */
    public int port() {
        return port;
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
