package io.raftkv.server.config;

/** {@code storage.backend}: where a node keeps its Raft log and key-value state. */
public enum StorageBackend {
    /** Berkeley DB Java Edition, embedded: one environment per node under its data dir. */
    BDB;

    static StorageBackend parse(String text) {
        return switch (text) {
            case "bdb" -> BDB;
            case "postgres", "dual" -> throw ConfigException.at("storage.backend", "'" + text
                    + "' comes with a later release; this one supports only 'bdb'");
            default -> throw ConfigException.at("storage.backend", "unknown backend '" + text + "' (expected: bdb)");
        };
    }
}
