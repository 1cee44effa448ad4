package io.raftkv.server.node;

import io.raftkv.server.storage.LogStore;
import io.raftkv.server.storage.SnapshotFiles;
import io.raftkv.server.storage.je.JeStorage;
import io.raftkv.server.transport.RaftGrpcService;
import io.raftkv.server.transport.RaftServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

import static org.awaitility.Awaitility.await;

/**
 * Real nodes in one JVM for the driver's tests: Berkeley DB JE in a temporary directory, the Raft
 * gRPC server on a loopback port, and the {@link RaftNode}; no HTTP. Nodes can be stopped (as a
 * crash would: no hand-off) and restarted on the same storage and ports.
 */
final class NodeCluster implements AutoCloseable {
    static final Duration PATIENCE = Duration.ofSeconds(20);

    private record Running(JeStorage storage, RaftServer server, RaftNode node) {
    }

    private final Path dir;
    private final NodeSettings.Builder settings;
    private final List<Member> members = new ArrayList<>();
    private final Map<String, Running> running = new HashMap<>();

    private NodeCluster(Path dir, int size, NodeSettings.Builder settings) {
        this.dir = dir;
        this.settings = settings;
        for (int i = 1; i <= size; i++) {
            members.add(new Member("node-" + i, URI.create("http://127.0.0.1:" + freePort()),
                    URI.create("http://127.0.0.1:" + freePort())));
        }
    }

    /** Starts {@code size} nodes with fast timings (10 ms ticks, 50 ms heartbeats, 300 ms elections). */
    static NodeCluster start(Path dir, int size) {
        return start(dir, size, UnaryOperator.identity());
    }

    /** Like {@link #start(Path, int)}, with settings tuned by {@code tune}. */
    static NodeCluster start(Path dir, int size, UnaryOperator<NodeSettings.Builder> tune) {
        NodeCluster cluster = new NodeCluster(dir, size, tune.apply(NodeSettings.builder()
                .tick(Duration.ofMillis(10)).heartbeatTicks(5).electionTicks(30)));
        cluster.members.forEach(m -> cluster.start(m.id()));
        return cluster;
    }

    void start(String id) {
        Member m = member(id);
        JeStorage storage = JeStorage.open(dir.resolve(id));
        SnapshotFiles snapshots = SnapshotFiles.open(dir.resolve(id).resolve("snapshots"));
        RaftNode node = RaftNode.create(settings.build(id, members), storage.logStore(), storage.stateStore(), snapshots);
        RaftServer server = RaftServer.start("127.0.0.1", m.raft().getPort(), new RaftGrpcService(id, node::receive,
                snapshots));
        node.start();
        running.put(id, new Running(storage, server, node));
    }

    /** Stops a node abruptly: no leadership hand-off; its storage is closed and kept. */
    void stop(String id) {
        Running r = Objects.requireNonNull(running.remove(id), id + " is not running");
        r.node().close();
        r.server().close();
        r.storage().close();
    }

    RaftNode node(String id) {
        return Objects.requireNonNull(running.get(id), id + " is not running").node();
    }

    /** The node's log store, while it runs. */
    LogStore logStore(String id) {
        return Objects.requireNonNull(running.get(id), id + " is not running").storage().logStore();
    }

    Member member(String id) {
        return members.stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
    }

    List<RaftNode> nodes() {
        return running.values().stream().map(Running::node).toList();
    }

    /** Waits until every running node knows the same leader, and returns that leader. */
    RaftNode awaitLeader() {
        return await().atMost(PATIENCE).until(this::agreedLeader, Objects::nonNull);
    }

    private RaftNode agreedLeader() {
        RaftNode leader = nodes().stream().filter(RaftNode::isLeader).findFirst().orElse(null);
        if (leader == null || !nodes().stream().allMatch(n -> leader.id().equals(n.leader() == null ? null : n.leader().id()))) {
            return null;
        }
        return leader;
    }

    RaftNode aFollower() {
        return nodes().stream().filter(n -> !n.isLeader()).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        List.copyOf(running.keySet()).forEach(this::stop);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
