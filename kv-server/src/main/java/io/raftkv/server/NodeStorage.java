package io.raftkv.server;

import io.raftkv.server.config.PostgresConfig;
import io.raftkv.server.config.StorageConfig;
import io.raftkv.server.node.RaftNode;
import io.raftkv.server.storage.LogStore;
import io.raftkv.server.storage.StateStore;
import io.raftkv.server.storage.je.JeStorage;
import io.raftkv.server.storage.postgres.PgSettings;
import io.raftkv.server.storage.postgres.PgStorage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A node's stores as {@code storage.backend} chooses them: the log and state the node runs on, and in
 * dual mode the PostgreSQL mirror it also keeps.
 *
 * @param log    the Raft log the node runs on
 * @param state  the state machine's store it serves reads from
 * @param mirror dual mode's PostgreSQL copy, else null
 * @param owner  what closes {@code log} and {@code state}
 */
record NodeStorage(LogStore log, StateStore state, RaftNode.MirrorTarget mirror, AutoCloseable owner)
        implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeStorage.class);

    static NodeStorage open(StorageConfig config, String clusterName, String nodeId, Path dataDir) {
        return switch (config.backend()) {
            case BDB -> je(dataDir, null);
            case POSTGRES -> {
                PgStorage pg = PgStorage.open(pgSettings(config.postgres(), clusterName, nodeId));
                yield new NodeStorage(pg.logStore(), pg.stateStore(), null, pg);
            }
            case DUAL -> je(dataDir, mirrorTarget(pgSettings(config.postgres(), clusterName, nodeId)));
        };
    }

    /**
     * Dual mode's mirror, opened once now so that a wrong password or another cluster's schema fails the
     * start as clearly as in postgres mode. A server that is merely unreachable does not: the node then
     * runs on JE alone and the mirror keeps trying, which is what dual mode is for.
     */
    private static RaftNode.MirrorTarget mirrorTarget(PgSettings settings) {
        AtomicReference<StateStore> openedAtStart = new AtomicReference<>();
        try {
            openedAtStart.set(mirrorStore(settings));
        } catch (RuntimeException e) {
            if (!unreachable(e)) {
                throw e;
            }
            LOG.warn("PostgreSQL is unreachable ({}); serving from Berkeley DB JE and mirroring once it is back",
                    e.getMessage());
        }
        return new RaftNode.MirrorTarget("postgres", () -> {
            StateStore store = openedAtStart.getAndSet(null);
            return store != null ? store : mirrorStore(settings);
        });
    }

    /** A connection-level failure (SQLSTATE class 08, or no socket at all), not a refusal by the server. */
    private static boolean unreachable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException
                    || cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    private static NodeStorage je(Path dataDir, RaftNode.MirrorTarget mirror) {
        JeStorage je = JeStorage.open(dataDir);
        return new NodeStorage(je.logStore(), je.stateStore(), mirror, je);
    }

    /** The PostgreSQL state store alone: the mirror needs no log there, JE's is the one it replays. */
    private static StateStore mirrorStore(PgSettings settings) {
        return PgStorage.open(settings).stateStoreAlone();
    }

    private static PgSettings pgSettings(PostgresConfig postgres, String clusterName, String nodeId) {
        return new PgSettings(postgres.url(), postgres.user(), postgres.password(), postgres.schemaFor(nodeId),
                clusterName);
    }

    @Override
    public void close() throws Exception {
        owner.close();
    }
}
