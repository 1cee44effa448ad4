package io.raftkv.server.transport;

import io.raftkv.server.raft.message.Message;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The client side of Raft between nodes: one {@link PeerClient} per peer, and {@link #send}
 * routing each message to its recipient's. {@link RaftServer} with {@link RaftGrpcService} is the
 * receiving side.
 *
 * <p>Thread-safety: {@link #send} may be called from any thread (normally only the node's driver)
 * and never blocks; {@link #updatePeers} and {@link #close} may run concurrently with it.
 *
 * <p>{@code unreachable} is called with a peer id whenever a message to that peer is dropped
 * (queue full, peer down, snapshot failed), from the sending thread or the peer's own threads. It
 * must be thread-safe and quick: the node is expected to enqueue a {@code Raft.reportUnreachable}.
 */
public final class RaftTransport implements AutoCloseable {
    private final String selfId;
    private final TransportSettings settings;
    private final Random random;
    private final Consumer<String> unreachable;
    private final Map<String, PeerClient> peers = new ConcurrentHashMap<>();
    private final AtomicLong droppedForUnknownPeers = new AtomicLong();
    private volatile boolean closed;

    /**
     * @param selfId      this node's id (messages to it are a bug upstream and are dropped)
     * @param peers       each peer's Raft port, as {@code http://host:port}
     * @param random      the jitter of reconnect backoffs (injected, so tests and simulations can seed it)
     * @param unreachable told the id of a peer a message to which was dropped
     */
    public RaftTransport(String selfId, Map<String, URI> peers, TransportSettings settings, Random random,
                         Consumer<String> unreachable) {
        this.selfId = Objects.requireNonNull(selfId);
        this.settings = Objects.requireNonNull(settings);
        this.random = Objects.requireNonNull(random);
        this.unreachable = Objects.requireNonNull(unreachable);
        HelidonGrpcHeaders.initialize(); // before the first sender thread starts
        updatePeers(peers);
    }

    /** Hands each message to its recipient's queue; drops (and counts) what cannot be queued. */
    public void send(List<Message> messages) {
        for (Message message : messages) {
            PeerClient peer = peers.get(message.to());
            if (peer == null) {
                droppedForUnknownPeers.incrementAndGet();
                if (!message.to().equals(selfId)) {
                    unreachable.accept(message.to());
                }
            } else {
                peer.offer(message);
            }
        }
    }

    /**
     * Makes the peer set exactly {@code addresses}: new peers are added (connecting lazily), peers
     * at a new address reconnect there, and peers no longer listed are closed.
     */
    public synchronized void updatePeers(Map<String, URI> addresses) {
        if (closed) {
            throw new IllegalStateException("transport closed");
        }
        Map<String, URI> wanted = new HashMap<>(addresses);
        wanted.remove(selfId);
        peers.entrySet().removeIf(entry -> {
            if (wanted.containsKey(entry.getKey())) {
                return false;
            }
            entry.getValue().close();
            return true;
        });
        wanted.forEach((id, address) -> {
            PeerClient existing = peers.get(id);
            if (existing == null) {
                peers.put(id, new PeerClient(selfId, id, address, settings, random, unreachable));
            } else if (!existing.address().equals(address)) {
                existing.updateAddress(address);
            }
        });
    }

    /** Messages to {@code peerId} dropped so far; 0 for a peer not (or no longer) known. */
    public long dropped(String peerId) {
        PeerClient peer = peers.get(peerId);
        return peer == null ? 0 : peer.dropped();
    }

    /** Whether a stream to {@code peerId} is open; false for a peer not (or no longer) known. */
    public boolean connected(String peerId) {
        PeerClient peer = peers.get(peerId);
        return peer != null && peer.connected();
    }

    public long droppedForUnknownPeers() {
        return droppedForUnknownPeers.get();
    }

    /** Ends every peer's streams and threads; messages already written still arrive. */
    @Override
    public synchronized void close() {
        closed = true;
        peers.values().forEach(PeerClient::close);
        peers.clear();
    }
}
