package io.raftkv.server.config;

/**
 * A configuration that cannot start a node. The message names the key (as written in the YAML file,
 * e.g. {@code raft.heartbeat-ms}, or {@code --node} for the command line) and why it is wrong; it is
 * meant to be printed to the operator as it is.
 */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code key: reason}, the one shape every configuration error takes. */
    static ConfigException at(String key, String reason) {
        return new ConfigException(key + ": " + reason);
    }
}
