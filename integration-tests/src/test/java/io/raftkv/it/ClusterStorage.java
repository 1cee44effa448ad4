package io.raftkv.it;

import io.raftkv.server.storage.postgres.TestPostgres;

/**
 * The {@code storage} section of a {@link LocalCluster}'s configuration. The PostgreSQL backends put
 * each node into a schema of its own on the tests' PostgreSQL, named {@code <prefix>_<node id>}, so
 * clusters of different tests never meet.
 *
 * @param backend  {@code storage.backend}
 * @param server   the PostgreSQL, for {@code postgres} and {@code dual}; else null
 * @param prefix   the schemas' common prefix
 */
public record ClusterStorage(String backend, TestPostgres server, String prefix) {
    /** Berkeley DB JE, the default: no storage section at all. */
    public static ClusterStorage bdb() {
        return new ClusterStorage("bdb", null, null);
    }

    public static ClusterStorage postgres() {
        return on("postgres", TestPostgres.shared());
    }

    public static ClusterStorage dual() {
        return on("dual", TestPostgres.shared());
    }

    /** {@code backend} on {@code server}, with fresh schemas. */
    public static ClusterStorage on(String backend, TestPostgres server) {
        return new ClusterStorage(backend, server, server.freshSchema("it"));
    }

    /** The schema node {@code id} keeps its state in, as the server derives it from the prefix. */
    public String schemaOf(ClusterNode node) {
        return prefix + "_" + node.id().replace('-', '_');
    }

    /** The YAML lines of the section, nothing for the default. */
    String yaml() {
        if (server == null) {
            return "";
        }
        return "storage:\n  backend: " + backend + "\n  postgres:\n"
                + "    url: \"" + server.jdbcUrl() + "\"\n"
                + "    user: \"" + server.user() + "\"\n"
                + "    password: \"" + server.password() + "\"\n"
                + "    schema: \"" + prefix + "_{node}\"\n";
    }
}
