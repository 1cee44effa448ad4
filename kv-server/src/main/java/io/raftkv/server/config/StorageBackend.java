package io.raftkv.server.config;

/** {@code storage.backend}: where a node keeps its Raft log and key-value state. */
public enum StorageBackend {
    /** Berkeley DB Java Edition, embedded: one environment per node under its data dir. */
    BDB,
    /** PostgreSQL through jOOQ: the log and the state in the node's own schema. */
    POSTGRES,
    /** Berkeley DB JE as {@link #BDB}, and every applied batch also mirrored into PostgreSQL. */
    DUAL;

    /** Whether the backend needs the {@code storage.postgres.*} settings. */
    public boolean usesPostgres() {
        return this != BDB;
    }
}
