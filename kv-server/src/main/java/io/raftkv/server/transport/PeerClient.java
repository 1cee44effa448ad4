package io.raftkv.server.transport;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.raftkv.proto.raft.Keepalive;
import io.raftkv.proto.raft.ProbeRequest;
import io.raftkv.proto.raft.ProbeResponse;
import io.raftkv.proto.raft.RaftGrpc;
import io.raftkv.proto.raft.RaftMessage;
import io.raftkv.proto.raft.SendAck;
import io.raftkv.server.raft.message.InstallSnapshot;
import io.raftkv.server.raft.message.Message;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Everything this node sends to one peer: a bounded queue, drained by a sender thread onto one
 * long-lived Send client stream (over Helidon's gRPC client), plus a {@link SnapshotSender}.
 *
 * <p>{@link #offer} never blocks. A message is dropped and counted, and {@code unreachable} told,
 * when the queue is full or when the peer is down: the stream broke, or a (re)connect is waiting
 * out its backoff. Holding messages for a dead peer would only deliver stale ones later; Raft
 * resends what still matters, and {@code Raft.reportUnreachable} makes the leader probe again.
 *
 * <p>The stream opens at start and reopens after a failure without waiting for a message, so the
 * connection is warm when a message comes; an idle stream carries a keepalive every 100 ms, so a
 * dead one breaks before it is needed. Before it opens, a Probe checks that the node
 * at the address is the one we mean (a stale address after a replacement would otherwise only
 * show up as silence). After a failure the sender waits {@link Backoff} (jittered, doubling);
 * the backoff resets once a stream has stayed up for {@link TransportSettings#backoffMax()}.
 *
 * <p>The sender thread alone touches the stream (gRPC calls are not thread-safe), and it writes
 * everything queued at once: Helidon's client queues each message for its own writer thread, so
 * the stream never blocks the sender on the network. Helidon's client has no flow-control
 * readiness ({@code isReady()} is always true), so a peer that cannot keep up builds a backlog
 * inside that call rather than in our bounded queue; Raft's own in-flight limits bound it.
 */
final class PeerClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PeerClient.class.getName());
    private static final int MAX_BATCH = 512;
    private static final long STREAM_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final RaftMessage KEEPALIVE = RaftMessage.newBuilder().setKeepalive(Keepalive.getDefaultInstance()).build();

    private final String selfId;
    private final String peerId;
    private final TransportSettings settings;
    private final Consumer<String> unreachable;
    private final BlockingQueue<Message> queue;
    private final Backoff backoff;
    private final SnapshotSender snapshots;
    private final AtomicLong dropped = new AtomicLong();
    private final Thread sender;
    private volatile URI address;
    private volatile PeerChannels channels;
    private volatile boolean closed;

    // Written by the sender thread only; volatile so connected() can look.
    private volatile SendStream stream;
    private long retryAtNanos = System.nanoTime();
    // Sender thread only: null until the first attempt; logs say when the peer comes and goes, once.
    private Boolean reachable;

    PeerClient(String selfId, String peerId, URI address, TransportSettings settings, Random random,
               Consumer<String> unreachable) {
        this.selfId = selfId;
        this.peerId = peerId;
        this.address = address;
        this.settings = settings;
        this.unreachable = unreachable;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.backoff = new Backoff(settings.backoffInitial(), settings.backoffMax(), random);
        this.snapshots = new SnapshotSender(peerId, settings, this::channels, () -> unreachable.accept(peerId));
        this.sender = Thread.ofVirtual().name("raft-send-" + peerId).start(this::run);
    }

    /** Queues a message for the peer; false when it was dropped instead. Never blocks. */
    boolean offer(Message message) {
        boolean accepted = !closed && (message instanceof InstallSnapshot snapshot
                ? snapshots.offer(snapshot)
                : queue.offer(message));
        if (!accepted) {
            drop(1);
        }
        return accepted;
    }

    /** Points the client at a new address; the current stream ends and the next message reconnects. */
    void updateAddress(URI newAddress) {
        address = newAddress;
    }

    URI address() {
        return address;
    }

    long dropped() {
        return dropped.get();
    }

    /** Whether a Send stream to the peer is open. */
    boolean connected() {
        SendStream s = stream;
        return s != null && !s.broken;
    }

    /** Whether the sender thread still runs (false once {@link #close()} returned). */
    boolean isSending() {
        return sender.isAlive();
    }

    private void run() {
        List<Message> batch = new ArrayList<>(MAX_BATCH);
        try {
            while (!closed) {
                Message first = queue.poll(untilNextConnectNanos(), TimeUnit.NANOSECONDS);
                if (first == null) {
                    // Reconnect without waiting for a message: the first one after a peer restarts (a
                    // vote request, say) would otherwise pay for the connection, ~100 ms in Helidon.
                    keepAlive(connectedStream());
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                deliver(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            // close()
        } finally {
            endStream();
        }
    }

    /**
     * How long the sender may wait for a message: while connected, until it looks again whether the
     * stream broke (the listener cannot wake it); otherwise until the next connection attempt is due.
     */
    private long untilNextConnectNanos() {
        if (stream != null && !stream.broken && stream.address.equals(address)) {
            return STREAM_CHECK_NANOS;
        }
        return Math.max(0, retryAtNanos - System.nanoTime());
    }

    /**
     * Writes a keepalive when the sender found nothing to send: on a stream idle for
     * {@link #STREAM_CHECK_NANOS}, or one just (re)opened. Helidon's client sees a dead connection
     * only when it writes, so an idle stream would otherwise stay "open" on a peer that died, and the
     * next real message (a vote request, after the peer restarted) be lost on it.
     */
    private static void keepAlive(SendStream s) {
        if (s != null) {
            s.call.sendMessage(KEEPALIVE);
        }
    }

    private void deliver(List<Message> batch) {
        SendStream s = connectedStream();
        if (s == null) {
            drop(batch.size());
            return;
        }
        for (Message message : batch) {
            RaftMessage proto = RaftMessageCodec.toProto(message);
            if (proto.getSerializedSize() > RaftServer.MAX_INBOUND_MESSAGE_BYTES) {
                // The receiver would end the stream over it, taking everything queued behind with it.
                LOG.log(System.Logger.Level.WARNING, "dropping a {0} B message to {1}: over the {2} B limit",
                        proto.getSerializedSize(), peerId, RaftServer.MAX_INBOUND_MESSAGE_BYTES);
                drop(1);
                continue;
            }
            s.call.sendMessage(proto);
        }
    }

    /** The open stream, or a newly opened one, or null while the peer is down or backing off. */
    private SendStream connectedStream() {
        if (stream != null && (stream.broken || !stream.address.equals(address))) {
            if (stream.broken) {
                LOG.log(System.Logger.Level.INFO, "Stream to {0} ended: {1} {2}", peerId,
                        stream.closedWith.getCode(), stream.closedWith.getDescription());
            }
            boolean lastedLong = System.nanoTime() - stream.openedAtNanos >= settings.backoffMax().toNanos();
            boolean moved = !stream.address.equals(address);
            endStream();
            if (lastedLong || moved) {
                backoff.reset();
                retryAtNanos = System.nanoTime();
            } else {
                retryAtNanos = System.nanoTime() + backoff.nextDelayNanos();
            }
        }
        if (stream != null || System.nanoTime() - retryAtNanos < 0) {
            return stream;
        }
        // Connecting can block in Helidon's client well past any timeout we configure (see Watchdog).
        try (Watchdog ignored = Watchdog.start(settings.connectTimeout().plus(settings.probeTimeout()))) {
            PeerChannels c = channels();
            probe(c);
            stream = SendStream.open(c);
            if (!Boolean.TRUE.equals(reachable)) {
                LOG.log(System.Logger.Level.INFO, "Connected to {0} at {1}", peerId, address);
            }
            reachable = true;
        } catch (RuntimeException e) {
            System.Logger.Level level = Boolean.FALSE.equals(reachable) ? System.Logger.Level.DEBUG : System.Logger.Level.INFO;
            LOG.log(level, "Cannot reach {0} at {1}: {2}", peerId, address, e.toString());
            reachable = false;
            discardChannels();
            retryAtNanos = System.nanoTime() + backoff.nextDelayNanos();
        }
        return stream;
    }

    /** Probe with its own deadline (see {@link PeerChannels}); the node there must be {@code peerId}. */
    private void probe(PeerChannels c) {
        ClientCall<ProbeRequest, ProbeResponse> call = c.probe().newCall(RaftGrpc.getProbeMethod(), CallOptions.DEFAULT);
        CompletableFuture<ProbeResponse> answer = new CompletableFuture<>();
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(ProbeResponse message) {
                answer.complete(message);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                answer.completeExceptionally(status.asRuntimeException());
            }
        }, new Metadata());
        ProbeResponse response;
        try {
            call.request(1);
            call.sendMessage(ProbeRequest.newBuilder().setFrom(selfId).setTo(peerId).build());
            call.halfClose();
            response = answer.orTimeout(settings.probeTimeout().toNanos(), TimeUnit.NANOSECONDS).join();
        } catch (RuntimeException e) {
            call.cancel("probe failed", e); // releases the call's connection
            throw e;
        }
        if (!response.getNodeId().equals(peerId)) {
            throw new IllegalStateException("node " + response.getNodeId() + " answers at " + c.address());
        }
    }

    private void endStream() {
        if (stream != null) {
            stream.call.halfClose(); // the peer takes what was sent, acks, and the call closes
            stream = null;
        }
    }

    /** Channels for the current address, rebuilt when it changes; used by both sending threads. */
    private synchronized PeerChannels channels() {
        URI current = address;
        if (channels == null || !channels.address().equals(current)) {
            channels = PeerChannels.create(current, settings);
        }
        return channels;
    }

    /** The next connect builds new channels rather than retry through a client that just failed. */
    private synchronized void discardChannels() {
        channels = null;
    }

    private void drop(int count) {
        dropped.addAndGet(count);
        if (!closed) {
            unreachable.accept(peerId);
        }
    }

    /** Ends the stream (half-close: what was written still arrives) and the sending threads. */
    @Override
    public void close() {
        closed = true;
        snapshots.close();
        sender.interrupt();
        try {
            sender.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One Send call; the listener only learns that it ended, the ack itself is not needed. */
    private static final class SendStream extends ClientCall.Listener<SendAck> {
        final ClientCall<RaftMessage, SendAck> call;
        final URI address;
        final long openedAtNanos = System.nanoTime();
        volatile boolean broken;
        volatile Status closedWith;

        private SendStream(ClientCall<RaftMessage, SendAck> call, URI address) {
            this.call = call;
            this.address = address;
        }

        private static final MethodDescriptor<RaftMessage, SendAck> SEND = ArrayMarshaller.requestsAsArrays(RaftGrpc.getSendMethod());

        static SendStream open(PeerChannels channels) {
            ClientCall<RaftMessage, SendAck> call = channels.streams().newCall(SEND, CallOptions.DEFAULT);
            SendStream stream = new SendStream(call, channels.address());
            call.start(stream, new Metadata());
            call.request(1);
            return stream;
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
            closedWith = status;
            broken = true;
        }
    }
}
