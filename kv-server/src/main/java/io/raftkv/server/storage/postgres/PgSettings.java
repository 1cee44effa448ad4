package io.raftkv.server.storage.postgres;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where one node keeps its state in PostgreSQL. Several nodes, even of several clusters, may share
 * a server and a database; each owns one schema, which {@link PgStorage#open} creates if the user
 * may, and which remembers the cluster it was created for.
 *
 * @param jdbcUrl     the database, {@code jdbc:postgresql://host:port/database}
 * @param user        the database user
 * @param password    its password, empty for trust or peer authentication; never printed
 * @param schema      the node's own schema: lower-case letters, digits and underscores, so plain SQL
 *                    can name it unquoted ({@code SELECT ... FROM node_1.kv})
 * @param clusterName the cluster the node belongs to, as its configuration names it
 */
public record PgSettings(String jdbcUrl, String user, String password, String schema, String clusterName) {
    private static final String URL_PREFIX = "jdbc:postgresql:";
    /** An unquoted PostgreSQL identifier that folds to itself; 63 bytes is PostgreSQL's limit. */
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public PgSettings {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(clusterName, "clusterName");
        if (!jdbcUrl.startsWith(URL_PREFIX)) {
            throw new IllegalArgumentException("jdbcUrl must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database), is "
                    + redactedUrl(jdbcUrl));
        }
        if (user.isBlank()) {
            throw new IllegalArgumentException("user must not be blank");
        }
        if (!SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema must be 1 to 63 lower-case letters, digits or underscores, not starting "
                    + "with a digit, is '" + schema + "'");
        }
        if (schema.startsWith("pg_") || schema.equals("information_schema")) {
            throw new IllegalArgumentException("schema '" + schema + "' is reserved by PostgreSQL");
        }
        if (clusterName.isBlank()) {
            throw new IllegalArgumentException("clusterName must not be blank");
        }
    }

    /** The URL without its parameters, which may hold a password: for messages. */
    String safeUrl() {
        return redactedUrl(jdbcUrl);
    }

    @Override
    public String toString() {
        return "PgSettings[jdbcUrl=" + safeUrl() + ", user=" + user + ", password=***, schema=" + schema
                + ", clusterName=" + clusterName + "]";
    }

    private static String redactedUrl(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?...";
    }
}
