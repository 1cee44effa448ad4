package io.raftkv.server.transport;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.raftkv.proto.raft.RaftGrpc;
import io.raftkv.proto.raft.SnapshotAck;
import io.raftkv.proto.raft.SnapshotChunk;
import io.raftkv.server.raft.message.InstallSnapshot;
import io.raftkv.server.storage.SnapshotFiles;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

/**
 * Sends one peer's snapshots over their own InstallSnapshot stream, in chunks, on a thread of their
 * own: a large transfer must never hold up the heartbeats on the Send stream.
 *
 * <p>At most one snapshot is in flight per peer; another one offered meanwhile is refused (the
 * leader sends a new one when the peer still needs it, Raft tolerates the loss). A transfer that
 * fails or stalls is reported through the unreachable callback.
 *
 * <p>A snapshot file is read a chunk at a time, and at most {@link #WINDOW} chunks are sent ahead
 * of the receiver's acknowledgements: Helidon's client queues whatever is sent, without bound, so
 * without that a large snapshot would sit in the heap whole. The deadline is for progress: the
 * connection, and then each acknowledgement, must come within it.
 */
final class SnapshotSender implements AutoCloseable {
    /** Chunks sent ahead of the receiver's acknowledgements. */
    static final int WINDOW = 4;
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
        Semaphore window = new Semaphore(WINDOW);
        CompletableFuture<Status> closedWith = new CompletableFuture<>();
        ClientCall<SnapshotChunk, SnapshotAck> call = channels.get().streams()
                .newCall(RaftGrpc.getInstallSnapshotMethod(), CallOptions.DEFAULT);
        try (InputStream data = SnapshotFiles.open(message.snapshot().data())) {
            long size = size(message.snapshot().data());
            // Connecting included (see Watchdog for why not CallOptions).
            try (Watchdog connecting = Watchdog.start(settings.snapshotDeadline(), () -> cancel(call))) {
                call.start(new ClientCall.Listener<>() {
                    @Override
                    public void onMessage(SnapshotAck ack) {
                        window.release();
                        call.request(1);
                    }

                    @Override
                    public void onClose(Status status, Metadata trailers) {
                        closedWith.complete(status);
                        window.release(WINDOW); // a sender waiting for room sees the end
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
                        .setTotalSize(size)
                        .setCrc32C(crc(message.snapshot().data()))).build());
            }
            byte[] chunk = new byte[settings.snapshotChunkBytes()];
            for (long offset = 0; offset < size; ) {
                if (!window.tryAcquire(deadlineMillis(), TimeUnit.MILLISECONDS) || closedWith.isDone()) {
                    cancel(call);
                    return false;
                }
                int length = data.readNBytes(chunk, 0, (int) Math.min(chunk.length, size - offset));
                if (length == 0) {
                    throw new EOFException("the snapshot ended at " + offset + " of " + size + " B");
                }
                call.sendMessage(SnapshotChunk.newBuilder().setData(SnapshotChunk.Data.newBuilder()
                        .setOffset(offset).setContent(ByteString.copyFrom(chunk, 0, length))).build());
                offset += length;
            }
            call.halfClose();
            return closedWith.get(deadlineMillis(), TimeUnit.MILLISECONDS).isOk();
        } catch (InterruptedException | ExecutionException | TimeoutException | IOException | RuntimeException e) {
            // Deadline, close, connect refused or timed out, the stream broke, the file is gone: the caller reports it.
            cancel(call);
            return false;
        } finally {
            inFlight.set(null);
        }
    }

    private long deadlineMillis() {
        return settings.snapshotDeadline().toMillis();
    }

    /** The snapshot's length: the file's, for a snapshot file; else its bytes'. */
    private static long size(byte[] data) {
        return SnapshotFiles.Handle.decode(data).map(SnapshotFiles.Handle::size).orElse(data == null ? 0L : data.length);
    }

    private static int crc(byte[] data) {
        return SnapshotFiles.Handle.decode(data).map(SnapshotFiles.Handle::crc).orElseGet(() -> {
            CRC32C crc = new CRC32C();
            crc.update(data == null ? new byte[0] : data);
            return (int) crc.getValue();
        });
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
