package io.stackwatch.agent.endpoint;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Set;

/**
 * Which {@code Host} a request may name. On a loopback bind only loopback names: a web page on a
 * name its attacker re-points at 127.0.0.1 (DNS rebinding) reaches a loopback port from the
 * browser, but its requests name the attacker's host. On any other bind the operator chose to
 * expose the endpoint, under names the agent cannot know: every host is accepted.
 */
final class HostCheck {

    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "::1", "localhost.localdomain",
            "ip6-localhost", "ip6-loopback");

    private final boolean loopbackOnly;
    private final String boundName;
    private final String boundAddress;

    /** @param configuredHost the host as the user wrote it in {@code prometheus=} */
    HostCheck(InetAddress bound, String configuredHost) {
        this.loopbackOnly = bound.isLoopbackAddress();
        this.boundName = configuredHost.toLowerCase(Locale.ROOT);
        this.boundAddress = bound.getHostAddress().toLowerCase(Locale.ROOT);
    }

    /** Whether a request naming {@code host} (the Host header, null when it has none) is served. */
    boolean accepts(String host) {
        if (!loopbackOnly || host == null) {
            // No Host at all: not a browser (every browser sends one), so not a rebinding page.
            return true;
        }
        String name = nameOf(host.trim().toLowerCase(Locale.ROOT));
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return LOOPBACK_NAMES.contains(name) || name.equals(boundName) || name.equals(boundAddress)
                || name.endsWith(".localhost");
    }

    /** The host part of {@code host[:port]} or {@code [ipv6][:port]}. */
    private static String nameOf(String host) {
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            return close < 0 ? host : host.substring(1, close);
        }
        int colon = host.indexOf(':');
        return colon < 0 || colon != host.lastIndexOf(':') ? host : host.substring(0, colon);
    }
}
