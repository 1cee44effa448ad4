package io.raftkv.server.config;

import java.net.URI;
import java.util.Locale;

/**
 * A {@code host:port} address as the configuration writes it: a host name, an IPv4 address or a
 * bracketed IPv6 address ({@code [::1]:8081}), and a port from 1 to 65535. Hosts compare
 * case-insensitively.
 */
public record HostPort(String host, int port) {
    public HostPort {
        host = host.toLowerCase(Locale.ROOT);
    }

    /** Parses {@code text}; {@code key} names the field in the error. */
    static HostPort parse(String key, String text) {
        String trimmed = text.strip();
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw ConfigException.at(key, "'" + text + "' is not host:port (e.g. 127.0.0.1:8081)");
        }
        String host = trimmed.substring(0, colon);
        boolean bracketed = host.startsWith("[") && host.endsWith("]");
        if ((!bracketed && host.contains(":")) || host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            throw ConfigException.at(key, "'" + text + "' has no valid host (write IPv6 as [::1]:port)");
        }
        return new HostPort(host, port(key, text, trimmed.substring(colon + 1)));
    }

    private static int port(String key, String text, String digits) {
        int port;
        try {
            port = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw ConfigException.at(key, "'" + text + "' has no numeric port");
        }
        if (port < 1 || port > 65535) {
            throw ConfigException.at(key, "'" + text + "': the port must be between 1 and 65535");
        }
        return port;
    }

    /** The host as a socket address takes it: without the IPv6 brackets. */
    public String bindHost() {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /** {@code http://host:port}, how the node package names members' addresses. */
    public URI httpUri() {
        return URI.create("http://" + this);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
