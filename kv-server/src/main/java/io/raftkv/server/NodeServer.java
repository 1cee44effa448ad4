package io.raftkv.server;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.raftkv.server.config.HostPort;
import io.raftkv.server.config.NodeConfig;
import io.raftkv.server.config.ServerConfig;
import io.raftkv.server.http.HttpApi;
import io.raftkv.server.http.HttpSettings;
import io.raftkv.server.node.NodeSettings;
import io.raftkv.server.node.RaftNode;
import io.raftkv.server.storage.SnapshotFiles;
import io.raftkv.server.transport.RaftGrpcService;
import io.raftkv.server.transport.RaftServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One running node, wired from its configuration: its meters ({@link NodeMeters}), its storage ({@link NodeStorage}:
 * Berkeley DB JE under its data dir, PostgreSQL, or both), the Raft node over it, the Raft gRPC port, then the REST API. {@code Main} runs one per process; tests can run several in
 * one JVM, since nothing here is global.
 */
public final class NodeServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeServer.class);
    /** How long a stopping leader waits for a follower to take over before it stops anyway. */
    static final Duration HAND_OFF_TIMEOUT = Duration.ofSeconds(3);

    private final String id;
    private final NodeStorage storage;
    private final RaftNode node;
    private final RaftServer raftServer;
    private final WebServer httpServer;
    private final NodeMeters meters;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NodeServer(String id, NodeStorage storage, RaftNode node, RaftServer raftServer, WebServer httpServer,
                       NodeMeters meters) {
        this.id = id;
        this.storage = storage;
        this.node = node;
        this.raftServer = raftServer;
        this.httpServer = httpServer;
        this.meters = meters;
    }

    /**
     * Starts node {@code nodeId} of {@code config}, with its data in {@code dataDirOverride} if that is not
     * null, else in the configured data dir. On a fresh data dir the node bootstraps the cluster from
     * {@code cluster.nodes}; otherwise it resumes from disk and catches up from the leader. If a step fails,
     * what was already started is stopped again before the exception propagates.
     */
    public static NodeServer start(ServerConfig config, String nodeId, Path dataDirOverride) {
        return start(config, nodeId, dataDirOverride, null);
    }

    /**
     * Like {@link #start(ServerConfig, String, Path)}; but unless {@code join} is null, a node on a fresh
     * data dir does not bootstrap: once it serves, it asks the member at {@code join} (its HTTP base URL)
     * to add it as a learner, and takes part once the leader sends it the log. A node with data ignores
     * {@code join}: it is a member already (or was removed).
     */
    public static NodeServer start(ServerConfig config, String nodeId, Path dataDirOverride, URI join) {
        NodeConfig self = config.node(nodeId);
        Path dataDir = dataDirOverride != null ? dataDirOverride : self.dataDir();
        Deque<AutoCloseable> started = new ArrayDeque<>();
        NodeMeters meters = NodeMeters.create(nodeId);
        started.push(meters);
        try {
            NodeStorage storage = NodeStorage.open(config.storage(), config.clusterName(), nodeId, dataDir);
            started.push(storage);
            NodeSettings settings = config.toNodeSettings(nodeId);
            SnapshotFiles snapshots = SnapshotFiles.open(dataDir.resolve("snapshots"));
            RaftNode node = RaftNode.create(join == null ? settings : settings.joining(), storage.log(), storage.state(),
                    snapshots, storage.mirror(), meters.registry());
            started.push(node);
            RaftServer raftServer = RaftServer.start(self.raft().bindHost(), self.raft().port(),
                    new RaftGrpcService(nodeId, node::receive, snapshots));
            started.push(raftServer);
            requireListening(raftServer.isRunning(), "Raft", self.raft());
            node.start();
            WebServer httpServer = startHttp(self.http(), node, config.httpSettings(), meters.registry());
            started.push(httpServer::stop);
            requireListening(httpServer.isRunning(), "HTTP", self.http());
            if (join != null && node.needsToJoin()) {
                node.learnMembers(new ClusterJoin(join, settings.selfMember()).join());
            } else if (join != null) {
                log.info("Node {} holds data already, so --join is ignored: it resumes as the member it was", nodeId);
            }
            log.info("Node {} of cluster {} serving HTTP on {}, Raft on {}, data in {}", nodeId, config.clusterName(),
                    self.http(), self.raft(), dataDir.toAbsolutePath());
            return new NodeServer(nodeId, storage, node, raftServer, httpServer, meters);
        } catch (RuntimeException e) {
            stopAll(started, e);
            throw e;
        }
    }

    /** The port the REST API listens on. */
    public int httpPort() {
        return httpServer.port();
    }

    /** The port the Raft gRPC service listens on. */
    public int raftPort() {
        return raftServer.port();
    }

    /**
     * Stops gracefully: a leader first hands leadership to a caught-up follower (waiting up to
     * {@link #HAND_OFF_TIMEOUT}), so the cluster does not wait an election timeout; then the REST API,
     * the node, the Raft port and storage stop, in that order. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        log.info("Node {} stopping", id);
        node.handOffLeadership(HAND_OFF_TIMEOUT);
        httpServer.stop();
        node.close();
        raftServer.close();
        try {
            storage.close();
        } catch (Exception e) {
            log.warn("Node {} could not close its storage cleanly: {}", id, e.toString());
        }
        meters.close();
        log.info("Node {} stopped", id);
    }

    private static WebServer startHttp(HostPort address, RaftNode node, HttpSettings settings,
                                       PrometheusMeterRegistry meters) {
        WebServerConfig.Builder http = WebServer.builder()
                .host(address.bindHost())
                .port(address.port())
                // Our own hook stops the node in order (hand-off first); Helidon's would stop HTTP at once.
                .shutdownHook(false);
        HttpApi.configure(http, node, settings, meters);
        return http.build().start();
    }

    /** Helidon logs a failed bind and returns a server that is not running, rather than throwing. */
    private static void requireListening(boolean running, String protocol, HostPort address) {
        if (!running) {
            throw new IllegalStateException("cannot listen for " + protocol + " on " + address
                    + "; is another process using the port? (the cause is logged above)");
        }
    }

    private static void stopAll(Deque<AutoCloseable> started, RuntimeException failure) {
        for (AutoCloseable resource : started) {
            try {
                resource.close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }
}
