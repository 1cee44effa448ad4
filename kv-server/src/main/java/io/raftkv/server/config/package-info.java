/**
 * The node's configuration: immutable, validated records read from YAML by Helidon Config, with
 * {@code KV_*} environment variables overriding single keys ({@link EnvOverrides}). Every check runs
 * while loading, so a node with a bad file stops before it opens storage or a port, with a message that
 * names the key and the reason ({@link ConfigException}). {@code Main} reads it and passes the records
 * down; {@link ServerConfig#toNodeSettings} and {@link ServerConfig#httpSettings} translate them for the
 * {@code node} and {@code http} packages, which know nothing about YAML. Depends on Helidon Config,
 * {@code node} and {@code http}.
 */
package io.raftkv.server.config;
