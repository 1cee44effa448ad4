package io.raftkv.server.transport;

import com.google.protobuf.UnsafeByteOperations;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.raftkv.proto.raft.RaftGrpc;
import io.raftkv.proto.raft.SnapshotAck;
import io.raftkv.proto.raft.SnapshotChunk;
import io.raftkv.server.raft.message.InstallSnapshot;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

/**
 * Sends one peer's snapshots over their own InstallSnapshot client stream, in chunks, on a thread
 * of their own: a large transfer must never hold up the heartbeats on the Send stream.
 *
 * <p>At most one snapshot is in flight per peer; another one offered meanwhile is refused (the
 * leader sends a new one when the peer still needs it, Raft tolerates the loss). A transfer that
 * fails or misses its deadline is reported through the unreachable callback.
 *
 * <p>Chunks wrap slices of the snapshot's array rather than copying them. Nothing promises that
 * array stays unmodified, but the CRC32C is computed first, so a change during the transfer makes
 * the receiver refuse the snapshot instead of installing a torn one. (Helidon's client serializes
 * each chunk into a queue of its own at once, so the data is briefly held twice regardless.)
 */
final class SnapshotSender implements AutoCloseable {
    private final String peerId;
    private final TransportSettings settings;
    private final Supplier<PeerChannels> channels;
    private final Runnable onFailure;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicReference<ClientCall<SnapshotChunk, SnapshotAck>> inFlight = new AtomicReference<>();
    private volatile Thread worker;
    private volatile boolean closed;

    SnapshotSender(String peerId, TransportSettings settings, Supplier<PeerChannels> channels, Runnable onFailure) {
        this.peerId = peerId;
        this.settings = settings;
        this.channels = channels;
        this.onFailure = onFailure;
    }

    /** Starts sending in the background; false when another snapshot is still on its way (or closed). */
    boolean offer(InstallSnapshot message) {
        if (closed || !busy.compareAndSet(false, true)) {
            return false;
        }
        worker = Thread.ofVirtual().name("raft-snapshot-" + peerId).start(() -> {
            try {
                if (!transfer(message) && !closed) {
                    onFailure.run();
                }
            } finally {
                busy.set(false);
            }
        });
        return true;
    }

    private boolean transfer(InstallSnapshot message) {
        byte[] data = message.snapshot().data() == null ? new byte[0] : message.snapshot().data();
        CRC32C crc = new CRC32C();
        crc.update(data);
        CompletableFuture<Status> closedWith = new CompletableFuture<>();
        ClientCall<SnapshotChunk, SnapshotAck> call = channels.get().streams()
                .newCall(RaftGrpc.getInstallSnapshotMethod(), CallOptions.DEFAULT);
        // One deadline for the whole call, connecting included (see Watchdog for why not CallOptions).
        try (Watchdog deadline = Watchdog.start(settings.snapshotDeadline(), () -> cancel(call))) {
            call.start(new ClientCall.Listener<>() {
                @Override
                public void onClose(Status status, Metadata trailers) {
                    closedWith.complete(status);
                }
            }, new Metadata());
            inFlight.set(call);
            if (closed) {
                return false;
            }
            call.request(1);
            call.sendMessage(SnapshotChunk.newBuilder().setHeader(SnapshotChunk.Header.newBuilder()
                    .setFrom(message.from()).setTo(message.to()).setTerm(message.term())
                    .setMeta(RaftStateCodec.toProto(message.snapshot().meta()))
                    .setTotalSize(data.length)
                    .setCrc32C((int) crc.getValue())).build());
            for (int offset = 0; offset < data.length; offset += settings.snapshotChunkBytes()) {
                int length = Math.min(settings.snapshotChunkBytes(), data.length - offset);
                call.sendMessage(SnapshotChunk.newBuilder().setData(SnapshotChunk.Data.newBuilder()
                        .setOffset(offset)
                        .setContent(UnsafeByteOperations.unsafeWrap(data, offset, length))).build());
            }
            call.halfClose();
            return closedWith.get().isOk();
        } catch (InterruptedException | ExecutionException | RuntimeException e) {
            // Deadline, close, connect refused or timed out, or the stream broke: the caller reports it.
            cancel(call);
            return false;
        } finally {
            inFlight.set(null);
        }
    }

    /** Cancels the call if it got as far as started (Helidon's cancel fails on an unstarted call). */
    private void cancel(ClientCall<SnapshotChunk, SnapshotAck> call) {
        if (inFlight.compareAndSet(call, null)) {
            call.cancel("InstallSnapshot to " + peerId + " abandoned", null);
        }
    }

    @Override
    public void close() {
        closed = true;
        ClientCall<SnapshotChunk, SnapshotAck> call = inFlight.get();
        if (call != null) {
            cancel(call);
        }
        Thread transferring = worker;
        if (transferring != null) {
            transferring.interrupt(); // it may still be connecting, before there is a call to cancel
        }
    }
}
