package io.raftkv.server.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code storage.postgres.*}: the PostgreSQL server a {@code postgres} or {@code dual} node stores into.
 *
 * @param url      {@code storage.postgres.url}, a JDBC URL ({@code jdbc:postgresql://host:port/db})
 * @param user     {@code storage.postgres.user}
 * @param password {@code storage.postgres.password}; better set through {@code KV_STORAGE_POSTGRES_PASSWORD}
 * @param schema   {@code storage.postgres.schema}: the schema each node owns, where {@value #NODE} stands
 *                 for the node's id, so one line serves every node of a shared file
 */
public record PostgresConfig(String url, String user, String password, String schema) {
    /** Replaced by the node id in {@link #schema}. */
    public static final String NODE = "{node}";
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** Checks what can be checked without a node id; {@link #schemaFor} checks the rest. */
    public PostgresConfig {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw ConfigException.at("storage.postgres.url", "'" + url
                    + "' is not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)");
        }
        if (user.isBlank()) {
            throw ConfigException.at("storage.postgres.user", "is missing");
        }
    }

    /**
     * The schema of node {@code nodeId}: {@link #schema} with {@value #NODE} replaced by the id, lower
     * case, with every character PostgreSQL does not take unquoted ({@code -}, {@code .}) written {@code _}.
     *
     * @throws ConfigException if the result is not a plain PostgreSQL identifier
     */
    public String schemaFor(String nodeId) {
        String id = nodeId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        String name = schema.replace(NODE, id);
        if (!IDENTIFIER.matcher(name).matches()) {
            throw ConfigException.at("storage.postgres.schema", "'" + name + "' (for node " + nodeId
                    + ") is not a plain PostgreSQL identifier: lower-case letters, digits and '_', at most 63,"
                    + " not starting with a digit");
        }
        return name;
    }
}
