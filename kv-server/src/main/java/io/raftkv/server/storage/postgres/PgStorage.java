package io.raftkv.server.storage.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.raftkv.server.storage.LogStore;
import io.raftkv.server.storage.StateStore;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One node's state in its own PostgreSQL schema, with the node's {@link LogStore} and
 * {@link StateStore} in it. Opening migrates the schema (Flyway, idempotent), checks that it belongs
 * to this node's cluster, and takes an advisory lock so no second process writes the same schema,
 * as JE's lock file does for a directory.
 *
 * <p>Both stores write through {@link #write}: one transaction per call, committed with
 * {@code synchronous_commit = on}, so a call returns once PostgreSQL has flushed its WAL (and any
 * synchronous standby has too). A call that throws before the commit rolled back; if the commit
 * itself fails (the connection broke), the outcome is unknown, as with any remote database: the
 * node must stop and reload from storage rather than retry. Two writes may be lost in a crash, as
 * JE's are, once the log store is in use: a commit-index-only hard state and, since the log then
 * lives in the same server's WAL, an applied batch. They commit {@linkplain #write(Consumer, boolean) without
 * waiting for the flush}; the log's next persist flushes them, and a crash loses only a suffix of
 * commits, which the node replays. A state store used alone (dual mode's mirror, whose log is
 * elsewhere) keeps every apply synchronous.
 */
public final class PgStorage implements AutoCloseable {
    static {
        // jOOQ greets its first use with an ASCII-art banner and a tip of the day; a node's log is no place for them.
        System.setProperty("org.jooq.no-logo", System.getProperty("org.jooq.no-logo", "true"));
        System.setProperty("org.jooq.no-tips", System.getProperty("org.jooq.no-tips", "true"));
    }

    /** A log writer, a state writer and readers; three nodes on one server then hold 15 connections. */
    private static final int POOL_SIZE = 4;
    /** How long opening waits for the server, and a call for a free connection, before failing. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final String MIGRATIONS = "classpath:db/migration/postgres";

    private final PgSettings settings;
    private final PgSchema schema;
    private final HikariDataSource pool;
    private final Connection lock;
    private final DSLContext reads;
    private final PgLogStore logStore;
    private final PgStateStore stateStore;
    private int openStores = 2;
    private volatile boolean closed;
    private volatile boolean logInUse;

    private PgStorage(PgSettings settings, HikariDataSource pool, Connection lock) {
        this.settings = settings;
        this.pool = pool;
        this.lock = lock;
        this.reads = DSL.using(pool, SQLDialect.POSTGRES);
        this.schema = new PgSchema(settings.schema());
        this.logStore = new PgLogStore(this, schema);
        this.stateStore = new PgStateStore(this, schema);
    }

    /**
     * Connects, locks and migrates the node's schema (creating it if missing) and checks its cluster.
     *
     * @throws IllegalStateException if the server cannot be reached within a few seconds, another
     *                               process has the schema open, or the schema belongs to another cluster
     */
    public static PgStorage open(PgSettings settings) {
        HikariDataSource pool = connect(settings);
        Connection lock = null;
        try {
            lock = lockSchema(settings);
            migrate(settings, pool);
            PgStorage storage = new PgStorage(settings, pool, lock);
            storage.claimForCluster();
            return storage;
        } catch (RuntimeException e) {
            closeQuietly(lock);
            pool.close();
            throw e;
        }
    }

    /** The log store; from the first call on, the state store's applies need not wait for the WAL flush. */
    public LogStore logStore() {
        logInUse = true;
        return logStore;
    }

    public StateStore stateStore() {
        return stateStore;
    }

    /**
     * The state store for a node whose log lives elsewhere (dual mode's mirror): the log store is
     * closed unused, so every apply waits for the WAL flush, and closing the state store closes this
     * storage. A mirror commit lost in a crash would move the mirror back behind the index it
     * reported, and the node may have compacted its log up to that index already.
     */
    public StateStore stateStoreAlone() {
        logStore.close();
        return stateStore;
    }

    /** Whether this node's log lives here too, so that its next persist flushes an apply. */
    boolean logInUse() {
        return logInUse;
    }

    private static HikariDataSource connect(PgSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setPoolName("raftkv-" + settings.schema());
        config.setMaximumPoolSize(POOL_SIZE);
        config.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
        // A server configured with synchronous_commit = off would acknowledge commits it can still lose;
        // a Raft node must not, so its sessions insist (an operator's stronger remote_* setting is lost).
        config.setConnectionInitSql("SET synchronous_commit TO on");
        connectionProperties(settings).forEach((k, v) -> config.addDataSourceProperty((String) k, v));
        // A persist of many entries or an apply of many mutations goes out as multi-row INSERTs.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            throw new IllegalStateException(cannotConnect(settings, e.getCause() == null ? e : e.getCause()), e);
        }
    }

    /** What every connection, pooled or the lock's, sets beyond user and password. */
    private static Properties connectionProperties(PgSettings settings) {
        Properties p = new Properties();
        p.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT.toSeconds()));
        p.setProperty("loginTimeout", String.valueOf(CONNECT_TIMEOUT.toSeconds())); // a server that accepts but never answers
        // Names the node in pg_stat_activity, for the operator looking at a shared server.
        p.setProperty("ApplicationName", "raftkv " + settings.schema());
        return p;
    }

    /**
     * Takes a session advisory lock named after the schema on a connection of its own, outside the
     * pool, held until {@link #close}. A crashed process's session ends with it, releasing the lock.
     */
    private static Connection lockSchema(PgSettings settings) {
        Properties p = connectionProperties(settings);
        p.setProperty("user", settings.user());
        p.setProperty("password", settings.password());
        Connection c;
        try {
            c = DriverManager.getConnection(settings.jdbcUrl(), p);
        } catch (SQLException e) {
            throw new IllegalStateException(cannotConnect(settings, e), e);
        }
        try {
            Boolean locked = DSL.using(c, SQLDialect.POSTGRES)
                    .select(DSL.function("pg_try_advisory_lock", SQLDataType.BOOLEAN, DSL.val(lockKey(settings.schema()))))
                    .fetchSingle().value1();
            if (!Boolean.TRUE.equals(locked)) {
                throw new IllegalStateException("schema " + settings.schema() + " at " + settings.safeUrl()
                        + " is in use by another raftkv process (it holds the schema's advisory lock): each node needs its own schema");
            }
            return c;
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** A 64-bit advisory lock key for the schema; lock keys are per database, as schemas are. */
    private static long lockKey(String schema) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("raftkv schema " + schema).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    private static void migrate(PgSettings settings, HikariDataSource pool) {
        Flyway.configure(PgStorage.class.getClassLoader())
                .dataSource(pool)
                .schemas(settings.schema()) // created if missing; its search_path is the migrations'
                .locations(MIGRATIONS)
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }

    /** Records the cluster name on first start, else checks it; one statement each, so racing opens agree. */
    private void claimForCluster() {
        String owner = write(dsl -> {
            dsl.insertInto(schema.clusterMeta, PgSchema.CLUSTER_NAME).values(settings.clusterName())
                    .onConflictDoNothing().execute();
            return dsl.select(PgSchema.CLUSTER_NAME).from(schema.clusterMeta).fetchSingle().value1();
        });
        if (!owner.equals(settings.clusterName())) {
            throw new IllegalStateException("schema " + settings.schema() + " at " + settings.safeUrl()
                    + " holds cluster '" + owner + "', but this node is configured for cluster '" + settings.clusterName()
                    + "': give each cluster's nodes schemas of their own");
        }
    }

    private static String cannotConnect(PgSettings settings, Throwable cause) {
        return "cannot connect to PostgreSQL at " + settings.safeUrl() + " as " + settings.user() + " (schema "
                + settings.schema() + "): " + cause.getMessage();
    }

    /** Runs single-statement reads on pooled connections, each its own read-committed transaction. */
    DSLContext reads() {
        checkOpen();
        return reads;
    }

    /**
     * Runs {@code work} in one transaction and commits it; if anything throws, rolls back, so the
     * transaction changed nothing, and rethrows. With {@code readOnly}, a read-only repeatable-read
     * transaction: one consistent view for several statements.
     */
    <T> T transaction(boolean readOnly, Function<DSLContext, T> work) {
        return transaction(readOnly, true, work);
    }

    private <T> T transaction(boolean readOnly, boolean flushed, Function<DSLContext, T> work) {
        checkOpen();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            if (readOnly) {
                c.setReadOnly(true);
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
            boolean committed = false;
            try {
                if (!flushed) {
                    try (Statement set = c.createStatement()) {
                        set.execute("SET LOCAL synchronous_commit TO off");
                    }
                }
                T result = work.apply(DSL.using(c, SQLDialect.POSTGRES));
                c.commit(); // synchronous_commit = on (unless set off above): returns once the WAL is flushed
                committed = true;
                return result;
            } finally {
                if (!committed) {
                    rollbackQuietly(c);
                }
            }
        } catch (SQLException e) {
            throw new DataAccessException("PostgreSQL transaction on schema " + settings.schema() + " failed: "
                    + e.getMessage(), e);
        }
    }

    <T> T write(Function<DSLContext, T> work) {
        return transaction(false, work);
    }

    /**
     * Like {@link #write}; unless {@code waitForFlush}, the commit returns before PostgreSQL flushes
     * its WAL: it is durable once a later flushed commit on this server returns, and a crash before
     * that loses it and every commit after it, never an earlier one (one WAL, in commit order).
     */
    void write(Consumer<DSLContext> work, boolean waitForFlush) {
        transaction(false, waitForFlush, dsl -> {
            work.accept(dsl);
            return null;
        });
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the PostgreSQL storage of schema " + settings.schema() + " is closed");
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // The first failure is the one to report; the pool discards a connection that cannot roll back.
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // Closing the session is what releases the lock; the server ends it when the socket goes.
            }
        }
    }

    /** One of the stores was closed; the pool closes with the last. */
    synchronized void storeClosed() {
        if (--openStores == 0) {
            close();
        }
    }

    /** Closes both stores, the pool and the lock's session. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            pool.close();
            unlock();
            closeQuietly(lock);
        }
    }

    /**
     * Releases the schema's lock before the session ends: the server ends a closed session in its own
     * time, so a node reopening its storage at once could otherwise find the lock still held.
     */
    private void unlock() {
        try {
            DSL.using(lock, SQLDialect.POSTGRES)
                    .select(DSL.function("pg_advisory_unlock", SQLDataType.BOOLEAN, DSL.val(lockKey(settings.schema()))))
                    .fetch();
        } catch (RuntimeException e) {
            // A broken session holds no lock any more; closing it is all that is left.
        }
    }
}
