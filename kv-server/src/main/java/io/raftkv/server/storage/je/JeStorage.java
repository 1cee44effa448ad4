package io.raftkv.server.storage.je;

import com.sleepycat.je.Database;
import com.sleepycat.je.DatabaseConfig;
import com.sleepycat.je.Durability;
import com.sleepycat.je.Environment;
import com.sleepycat.je.EnvironmentConfig;
import com.sleepycat.je.Transaction;
import io.raftkv.server.storage.LogStore;
import io.raftkv.server.storage.StateStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One node's Berkeley DB JE environment under its data directory, with the node's {@link LogStore}
 * and {@link StateStore} in it. Both write through {@link #write}: one JE transaction, committed
 * with an fsync of JE's log before it returns. JE has a single sequential log per environment, so
 * that fsync also covers every commit before it, whichever store made it; which is why the two
 * writes that may be lost in a crash, a higher commit index and an applied batch, are committed
 * {@linkplain #writeUnsynced without one}: the log's next append makes them durable, and a crash
 * loses only a suffix, which the node replays from the log.
 */
public final class JeStorage implements AutoCloseable {
    private final Environment env;
    private final List<Database> databases = new ArrayList<>();
    private final JeLogStore logStore;
    private final JeStateStore stateStore;
    private int openStores = 2;
    private boolean closed;

    private JeStorage(Environment env) {
        this.env = env;
        try {
            logStore = new JeLogStore(this, database("raft-log"), database("raft-meta"), database("raft-snapshot"));
            stateStore = new JeStateStore(this, database("kv"), database("kv-records"), database("kv-meta"));
        } catch (RuntimeException e) {
            closeAll();
            throw e;
        }
    }

    /** Opens (creating if needed) the environment in {@code dir}; JE's lock file keeps out a second process. */
    public static JeStorage open(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir, e);
        }
        return new JeStorage(new Environment(dir.toFile(), config()));
    }

    private static EnvironmentConfig config() {
        EnvironmentConfig config = new EnvironmentConfig();
        config.setAllowCreate(true);
        config.setTransactional(true);
        // A log append fsyncs before it returns: what lets a node acknowledge a write. WRITE_NO_SYNC plus
        // an explicit flushLog(true) measured the same (one fsync per commit either way: ~0.18 ms for a
        // 1-entry and ~0.45 ms for a 100-entry commit on the dev VM), so the simpler, atomic one.
        config.setDurability(Durability.COMMIT_SYNC);
        // JE's default takes 60% of the heap; the node also holds Raft's in-memory log, client buffers and
        // the HTTP server. One cache shared by all environments in the JVM keeps tests and in-process
        // clusters within that bound too.
        config.setSharedCache(true);
        config.setCachePercent(25);
        // The Raft log churns (entries die at each compaction) and the cleaner reclaims whole files, so
        // smaller files give the space back sooner: under a 64-client write load 4 MiB files kept 24-28 MB
        // per node where 16 MiB kept 42 MB, at the same throughput; 2 MiB kept more again (benchmarks.md).
        config.setConfigParam(EnvironmentConfig.LOG_FILE_MAX, String.valueOf(4L << 20));
        // JE stops writing when less than this is free. Its 5 GB default would refuse all writes on a small
        // disk; 512 MiB still leaves the cleaner and recovery room to work.
        config.setConfigParam(EnvironmentConfig.FREE_DISK, String.valueOf(512L << 20));
        // No je.stat.csv in the data directory every minute; JE's own je.info log stays.
        config.setConfigParam(EnvironmentConfig.STATS_COLLECT, "false");
        return config;
    }

    public LogStore logStore() {
        return logStore;
    }

    public StateStore stateStore() {
        return stateStore;
    }

    /** Exposed for tests that count fsyncs. */
    Environment environment() {
        return env;
    }

    /**
     * Runs {@code work} in one transaction and commits it durably; if anything throws, aborts, so the
     * transaction changed nothing, and rethrows.
     */
    <T> T write(Function<Transaction, T> work) {
        return write(work, Durability.COMMIT_SYNC);
    }

    /**
     * Like {@link #write}, but returns without an fsync: the commit is durable once any later durable
     * commit returns, and a crash before that loses it and every commit after it (JE's one sequential
     * log), never an earlier one.
     */
    void writeUnsynced(Consumer<Transaction> work) {
        write(txn -> {
            work.accept(txn);
            return null;
        }, Durability.COMMIT_NO_SYNC);
    }

    private <T> T write(Function<Transaction, T> work, Durability durability) {
        Transaction txn = env.beginTransaction(null, null);
        boolean committed = false;
        try {
            T result = work.apply(txn);
            txn.commit(durability);
            committed = true;
            return result;
        } finally {
            if (!committed) {
                abortQuietly(txn);
            }
        }
    }

    private static void abortQuietly(Transaction txn) {
        try {
            txn.abort();
        } catch (RuntimeException e) {
            // The first failure is the one to report; JE invalidates the environment if abort itself fails.
        }
    }

    private Database database(String name) {
        DatabaseConfig config = new DatabaseConfig();
        config.setAllowCreate(true);
        config.setTransactional(true);
        // Neighbouring keys (log indexes, user keys under one prefix) share long prefixes: store them once.
        config.setKeyPrefixing(true);
        Database db = env.openDatabase(null, name, config);
        databases.add(db);
        return db;
    }

    /** One of the stores was closed; the environment closes with the last. */
    synchronized void storeClosed() {
        if (--openStores == 0) {
            close();
        }
    }

    /** Closes both stores and the environment; JE checkpoints so the next open recovers quickly. Idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            closeAll();
        }
    }

    private void closeAll() {
        for (Database db : databases.reversed()) {
            db.close();
        }
        databases.clear();
        env.close();
    }
}
