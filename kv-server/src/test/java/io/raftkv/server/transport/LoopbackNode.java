package io.raftkv.server.transport;

import io.raftkv.server.raft.message.InstallSnapshot;
import io.raftkv.server.raft.message.Message;
import io.raftkv.server.raft.message.Snapshot;
import io.raftkv.server.storage.SnapshotFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A node's transport for the loopback tests: a real {@link RaftServer} on a free port feeding an
 * inbox queue, and a {@link RaftTransport} towards the other nodes. No Raft core.
 */
final class LoopbackNode implements AutoCloseable {
    static final Duration PATIENCE = Duration.ofSeconds(20);
    static final TransportSettings SETTINGS = TransportSettings.defaults();

    final String id;
    final LinkedBlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
    final Map<String, Integer> unreachable = new ConcurrentHashMap<>();
    /** Where the snapshots this node receives are written. */
    final Path snapshotDir;
    private RaftServer server;
    private RaftTransport transport;

    private LoopbackNode(String id) {
        this.id = id;
        try {
            this.snapshotDir = Files.createTempDirectory("raftkv-loopback-" + id + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server only; {@link #connect} adds the client side once every port is known. */
    static LoopbackNode serve(String id) {
        return serve(id, 0);
    }

    static LoopbackNode serve(String id, int port) {
        LoopbackNode node = new LoopbackNode(id);
        node.server = RaftServer.start("127.0.0.1", port, new RaftGrpcService(id, node.inbox::add,
                SnapshotFiles.open(node.snapshotDir)));
        return node;
    }

    static URI uri(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    URI uri() {
        return uri(server.port());
    }

    int port() {
        return server.port();
    }

    RaftServer server() {
        return server;
    }

    LoopbackNode connect(Map<String, URI> peers) {
        return connect(peers, SETTINGS);
    }

    LoopbackNode connect(Map<String, URI> peers, TransportSettings settings) {
        transport = new RaftTransport(id, peers, settings, new Random(42),
                peer -> unreachable.merge(peer, 1, Integer::sum));
        return this;
    }

    RaftTransport transport() {
        return transport;
    }

    void send(Message... messages) {
        transport.send(List.of(messages));
    }

    /** Waits until {@code count} messages arrived and returns them in arrival order. */
    List<Message> receive(int count) {
        List<Message> received = new ArrayList<>(count);
        await().atMost(PATIENCE).until(() -> {
            inbox.drainTo(received);
            return received.size() >= count;
        });
        return received;
    }

    void stopServer() {
        server.close();
    }

    @Override
    public void close() {
        if (transport != null) {
            transport.close();
        }
        server.close();
        try (Stream<Path> files = Files.walk(snapshotDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code m}, or for an InstallSnapshot the same with the received file's bytes as its data. */
    static Message withSnapshotBytes(Message m) {
        return m instanceof InstallSnapshot s
                ? new InstallSnapshot(s.from(), s.to(), s.term(), new Snapshot(s.snapshot().meta(), bytesOf(s.snapshot())))
                : m;
    }

    /** The bytes of a snapshot this node received (its data is a snapshot file's handle). */
    static byte[] bytesOf(Snapshot snapshot) {
        try (InputStream in = SnapshotFiles.open(snapshot.data())) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
