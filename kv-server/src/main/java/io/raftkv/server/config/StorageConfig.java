package io.raftkv.server.config;

/**
 * {@code storage.*}.
 *
 * @param backend  {@code storage.backend}
 * @param postgres {@code storage.postgres.*}; null for {@code bdb}, which does not read them
 */
public record StorageConfig(StorageBackend backend, PostgresConfig postgres) {
    public StorageConfig {
        if (backend.usesPostgres() && postgres == null) {
            throw new IllegalArgumentException("storage.backend " + backend + " needs storage.postgres");
        }
    }
}
