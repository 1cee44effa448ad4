package io.raftkv.server.storage.postgres;

import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.HardState;
import io.raftkv.server.storage.Mutation;
import io.raftkv.server.storage.StateStore;
import io.raftkv.server.storage.StoredValue;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What is particular to the PostgreSQL backend: schemas, migrations, clusters, locks, connections. */
class PgStorageTest {
    private static final HardState HARD_STATE = new HardState(2, "node-1", 1);

    @AfterAll
    static void dropSchemas() {
        TestPostgres.dropSchemas();
    }

    @Test
    void migrationsRunOnceAndReopeningKeepsTheState() throws Exception {
        String schema = TestPostgres.newSchema("reopen");
        try (PgStorage storage = PgStorage.open(TestPostgres.settings(schema, "c1"))) {
            storage.logStore().persist(HARD_STATE, null, List.of(Entry.normal(1, 2, bytes("e"))));
            storage.stateStore().apply(1, List.of(new Mutation.Put(value("k", 1))));
        }
        try (PgStorage storage = PgStorage.open(TestPostgres.settings(schema, "c1"))) {
            assertThat(storage.logStore().load(1).hardState()).isEqualTo(HARD_STATE);
            assertThat(storage.logStore().entries(1, 1)).containsExactly(Entry.normal(1, 2, bytes("e")));
            assertThat(storage.stateStore().get(bytes("k"))).contains(value("k", 1));
        }
        try (Connection c = TestPostgres.connect()) {
            DSLContext dsl = DSL.using(c, SQLDialect.POSTGRES);
            var version = DSL.field(DSL.name("version"), String.class);
            assertThat(dsl.select(version).from(DSL.table(DSL.name(schema, "flyway_schema_history"))).where(version.isNotNull())
                    .fetch(r -> r.value1())).as("V1, run once").containsExactly("1");
            assertThat(dsl.select(DSL.field(DSL.name("table_name"), String.class)).from(DSL.table(DSL.name("information_schema", "tables")))
                    .where(DSL.field(DSL.name("table_schema"), String.class).eq(schema)).fetch(r -> r.value1()))
                    .containsExactlyInAnyOrder("cluster_meta", "raft_log", "raft_hard_state", "raft_snapshot", "kv", "kv_records",
                            "kv_applied", "flyway_schema_history");
        }
    }

    @Test
    void aSchemaOfAnotherClusterIsRefused() {
        String schema = TestPostgres.newSchema("claimed");
        PgStorage.open(TestPostgres.settings(schema, "blue")).close();
        assertThatThrownBy(() -> PgStorage.open(TestPostgres.settings(schema, "green")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("schema " + schema)
                .hasMessageContaining("cluster 'blue'")
                .hasMessageContaining("cluster 'green'");
        PgStorage.open(TestPostgres.settings(schema, "blue")).close();
    }

    @Test
    void aSchemaOpenElsewhereIsRefusedUntilItIsClosed() {
        String schema = TestPostgres.newSchema("locked");
        PgStorage first = PgStorage.open(TestPostgres.settings(schema, "c1"));
        assertThatThrownBy(() -> PgStorage.open(TestPostgres.settings(schema, "c1")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(schema).hasMessageContaining("in use");
        first.close();
        PgStorage.open(TestPostgres.settings(schema, "c1")).close();
    }

    @Test
    void anUnreachableServerFailsQuicklySayingWhere() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // nothing listens once it is closed
        }
        PgSettings settings = new PgSettings("jdbc:postgresql://127.0.0.1:" + port + "/raftkv?password=hunter2", "raftkv",
                "secret", "node_1", "c1");
        long start = System.nanoTime();
        assertThatThrownBy(() -> PgStorage.open(settings))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:" + port + "/raftkv")
                .hasMessageContaining("schema node_1")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("secret");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void twoNodesOnOneServerKeepTheirStatesApart() {
        String one = TestPostgres.newSchema("node_1");
        String two = TestPostgres.newSchema("node_2");
        try (PgStorage a = PgStorage.open(TestPostgres.settings(one, "c1"));
             PgStorage b = PgStorage.open(TestPostgres.settings(two, "c2"))) {
            a.logStore().persist(HARD_STATE, null, List.of(Entry.normal(1, 2, bytes("a"))));
            a.stateStore().apply(3, List.of(new Mutation.Put(value("k", 1))));
            b.stateStore().apply(1, List.of(new Mutation.Put(value("other", 1))));
            assertThat(b.logStore().load(0).hardState()).isEqualTo(HardState.INITIAL);
            assertThat(b.logStore().lastIndex()).isZero();
            assertThat(b.stateStore().appliedIndex()).isOne();
            assertThat(b.stateStore().get(bytes("k"))).isEmpty();
            assertThat(a.stateStore().get(bytes("other"))).isEmpty();
            assertThat(a.stateStore().appliedIndex()).isEqualTo(3);
        }
    }

    @Test
    void anOperatorCanReadTheStateWithPlainSql() throws Exception {
        String schema = TestPostgres.newSchema("plain");
        try (PgStorage storage = PgStorage.open(TestPostgres.settings(schema, "c1"))) {
            storage.stateStore().apply(1, List.of(new Mutation.Put(value("a/1", 4)), new Mutation.Put(value("a/2", 1))));
        }
        try (Connection c = TestPostgres.connect()) {
            var rows = DSL.using(c, SQLDialect.POSTGRES)
                    .resultQuery("SELECT encode(key, 'escape'), version FROM {0}.kv ORDER BY key", DSL.name(schema))
                    .fetch(r -> r.get(0, String.class) + "=" + r.get(1, Long.class));
            assertThat(rows).containsExactly("a/1=4", "a/2=1");
        }
    }

    @Test
    void commitsAreSynchronousWhateverTheServerDefault() {
        try (PgStorage storage = PgStorage.open(TestPostgres.settings(TestPostgres.newSchema("sync"), "c1"))) {
            String setting = storage.reads()
                    .fetchValue(DSL.function("current_setting", SQLDataType.CLOB, DSL.val("synchronous_commit")));
            assertThat(setting).isEqualTo("on");
        }
    }

    /**
     * A commit-index-only hard state and, with the log here, an applied batch commit without waiting
     * for the WAL flush; SET LOCAL keeps that to their own transaction, never the pooled connection.
     */
    @Test
    void aWriteNeedNotWaitForTheFlushAndLeavesTheConnectionSynchronous() {
        try (PgStorage storage = PgStorage.open(TestPostgres.settings(TestPostgres.newSchema("unflushed"), "c1"))) {
            List<String> seen = new ArrayList<>();
            storage.write(dsl -> seen.add(synchronousCommit(dsl)), false);
            for (int i = 0; i < 8; i++) {
                storage.write(dsl -> seen.add(synchronousCommit(dsl)), true);
            }
            assertThat(seen).containsExactly("off", "on", "on", "on", "on", "on", "on", "on", "on");
            assertThat(storage.logInUse()).isFalse();
            storage.logStore();
            assertThat(storage.logInUse()).as("applies may now leave the flush to the log").isTrue();
        }
    }

    /** Dual mode's mirror: no log here flushes its applies later, so each one waits for the flush itself. */
    @Test
    void aStateStoreUsedWithoutItsLogWaitsForTheFlushOnEveryApply() {
        PgStorage storage = PgStorage.open(TestPostgres.settings(TestPostgres.newSchema("alone"), "c1"));
        StateStore alone = storage.stateStoreAlone();
        alone.apply(1, List.of(new Mutation.Put(new StoredValue("k".getBytes(StandardCharsets.UTF_8),
                "v".getBytes(StandardCharsets.UTF_8), 1, 1, 1, 0))));
        assertThat(storage.logInUse()).as("an apply waits for the flush while the log is not in use").isFalse();
        assertThat(alone.appliedIndex()).isEqualTo(1);
        alone.close();
        assertThatThrownBy(() -> storage.write(dsl -> { }, true)).as("closing the state store closed the storage")
                .isInstanceOf(IllegalStateException.class);
    }

    private static String synchronousCommit(DSLContext dsl) {
        return dsl.fetchValue(DSL.function("current_setting", SQLDataType.CLOB, DSL.val("synchronous_commit")));
    }

    @Test
    void closingBothStoresClosesTheStorage() {
        String schema = TestPostgres.newSchema("closing");
        PgStorage storage = PgStorage.open(TestPostgres.settings(schema, "c1"));
        storage.logStore().persist(HARD_STATE, null, List.of());
        storage.stateStore().apply(3, List.of());
        storage.logStore().close();
        storage.logStore().close();
        assertThat(storage.stateStore().appliedIndex()).as("the state store still uses it").isEqualTo(3);
        storage.stateStore().close();
        assertThatThrownBy(() -> storage.stateStore().appliedIndex())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        storage.close();
        try (PgStorage reopened = PgStorage.open(TestPostgres.settings(schema, "c1"))) {
            assertThat(reopened.logStore().load(3).hardState()).isEqualTo(HARD_STATE);
            assertThat(reopened.stateStore().appliedIndex()).isEqualTo(3);
        }
    }

    private static StoredValue value(String key, long version) {
        return new StoredValue(bytes(key), bytes("v"), 1, 1, version, 0);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
