package io.raftkv.server;

import io.raftkv.server.config.PostgresConfig;
import io.raftkv.server.config.StorageBackend;
import io.raftkv.server.config.StorageConfig;
import io.raftkv.server.storage.postgres.PgStorage;
import io.raftkv.server.storage.postgres.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How each backend opens, and which PostgreSQL failures stop a node from starting. */
class NodeStorageTest {
    /** Nothing listens on port 1, so connecting is refused at once. */
    private static final String NOWHERE = "jdbc:postgresql://127.0.0.1:1/postgres";

    @TempDir
    Path dir;

    private static StorageConfig config(StorageBackend backend, String url, String schema) {
        return new StorageConfig(backend, new PostgresConfig(url, "postgres", "", schema));
    }

    @Test
    void aPostgresNodeDoesNotStartWhenTheServerIsUnreachable() {
        assertThatThrownBy(() -> NodeStorage.open(config(StorageBackend.POSTGRES, NOWHERE, "kv_{node}"), "c", "n1", dir))
                .hasMessageContaining("cannot connect to PostgreSQL at " + NOWHERE);
    }

    @Test
    void aDualNodeStartsOnJeAloneWhenPostgresIsUnreachable() throws Exception {
        try (NodeStorage storage = NodeStorage.open(config(StorageBackend.DUAL, NOWHERE, "kv_{node}"), "c", "n1", dir)) {
            assertThat(storage.mirror()).isNotNull();
            assertThat(storage.state().appliedIndex()).isZero();
        }
    }

    @Test
    void aDualNodeDoesNotStartOnASchemaOfAnotherCluster() {
        TestPostgres pg = TestPostgres.shared();
        String schema = TestPostgres.newSchema("foreign");
        PgStorage.open(TestPostgres.settings(schema, "other-cluster")).close();

        assertThatThrownBy(() -> NodeStorage.open(config(StorageBackend.DUAL, pg.jdbcUrl(), schema), "c", "n1", dir))
                .hasMessageContaining("holds cluster 'other-cluster'");
    }

    @Test
    void aDualNodesMirrorOpensTheSchemaItWasGiven() throws Exception {
        TestPostgres pg = TestPostgres.shared();
        String schema = TestPostgres.newSchema("mirror");
        try (NodeStorage storage = NodeStorage.open(config(StorageBackend.DUAL, pg.jdbcUrl(), schema), "c", "n1", dir)) {
            try (var mirror = storage.mirror().opener().call()) {
                assertThat(mirror.appliedIndex()).isZero();
            }
        }
    }
}
