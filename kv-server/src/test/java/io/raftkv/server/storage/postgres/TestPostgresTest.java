package io.raftkv.server.storage.postgres;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestPostgresTest {

    @Test
    void sharedServerTakesASchemaATableAndARow() throws SQLException {
        TestPostgres pg = TestPostgres.shared();
        assertThat(TestPostgres.shared()).isSameAs(pg);
        String schema = pg.freshSchema("tpg_shared");
        try (Connection c = connect(pg); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            s.execute("CREATE TABLE " + schema + ".kv (k text PRIMARY KEY, v bigint NOT NULL)");
            s.execute("INSERT INTO " + schema + ".kv VALUES ('a', 42)");
            assertThat(value(s, schema)).isEqualTo(42L);
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void freshSchemasAreUniqueValidLowerCaseIdentifiers() {
        TestPostgres pg = TestPostgres.shared();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 1000; i++) {
            String name = pg.freshSchema("My-Prefix");
            assertThat(name).startsWith("my_prefix_").matches("[a-z_][a-z0-9_]*").hasSizeLessThanOrEqualTo(63);
            assertThat(seen.add(name)).isTrue();
        }
        assertThat(pg.freshSchema("x".repeat(100))).hasSizeLessThanOrEqualTo(63).startsWith("xxx");
        assertThat(pg.freshSchema("9lives")).matches("[a-z_][a-z0-9_]*");
    }

    @Test
    void privateServerKeepsItsDataAcrossStopAndStart(@TempDir Path tmp) throws SQLException {
        try (TestPostgres pg = TestPostgres.startPrivate(tmp.resolve("pgdata"))) {
            assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres");
            assertThat(pg.port()).isNotEqualTo(TestPostgres.shared().port());
            String schema = pg.freshSchema("tpg_private");
            try (Connection c = connect(pg); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
                s.execute("CREATE TABLE " + schema + ".kv (k text PRIMARY KEY, v bigint NOT NULL)");
                s.execute("INSERT INTO " + schema + ".kv VALUES ('a', 7)");
            }

            pg.stop();
            assertThatThrownBy(() -> connect(pg).close()).isInstanceOf(SQLException.class);

            pg.start();
            try (Connection c = connect(pg); Statement s = c.createStatement()) {
                assertThat(value(s, schema)).isEqualTo(7L);
            }
        }
    }

    @Test
    void sharedServerCannotBeStoppedOrClosedByOneTest() throws SQLException {
        TestPostgres pg = TestPostgres.shared();
        assertThatThrownBy(pg::stop).isInstanceOf(UnsupportedOperationException.class);
        pg.close();
        try (Connection c = connect(pg); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        }
    }

    private static Connection connect(TestPostgres pg) throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
    }

    private static long value(Statement s, String schema) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT v FROM " + schema + ".kv WHERE k = 'a'")) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }
}
