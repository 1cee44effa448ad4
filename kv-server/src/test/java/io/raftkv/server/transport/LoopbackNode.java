package io.raftkv.server.transport;

import io.raftkv.server.raft.message.Message;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

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
    private RaftServer server;
    private RaftTransport transport;

    private LoopbackNode(String id) {
        this.id = id;
    }

    /** Starts the server only; {@link #connect} adds the client side once every port is known. */
    static LoopbackNode serve(String id) {
        return serve(id, 0);
    }

    static LoopbackNode serve(String id, int port) {
        LoopbackNode node = new LoopbackNode(id);
        node.server = RaftServer.start("127.0.0.1", port, new RaftGrpcService(id, node.inbox::add));
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
    }
}
