package io.raftkv.server.transport;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.raftkv.proto.raft.SnapshotAck;
import io.raftkv.proto.raft.SnapshotChunk;
import io.raftkv.server.raft.message.InstallSnapshot;
import io.raftkv.server.raft.message.Message;
import io.raftkv.server.raft.message.Snapshot;
import io.raftkv.server.raft.message.SnapshotMeta;
import io.raftkv.server.storage.CorruptSnapshotException;
import io.raftkv.server.storage.SnapshotFiles;

import java.io.IOException;
import java.util.function.Consumer;

import static io.raftkv.server.transport.RaftStateCodec.nodeId;
import static io.raftkv.server.transport.RaftStateCodec.nonNegative;
import static io.raftkv.server.transport.RaftStateCodec.require;

/**
 * One InstallSnapshot call: a Header chunk, then Data chunks in offset order, written to a snapshot
 * file as they come (each acknowledged once written, which paces the sender) and checked (size,
 * CRC32C) before the core sees an {@link InstallSnapshot} whose data is the file's handle. A call
 * that fails or breaks off leaves no file behind.
 */
final class SnapshotReceiver implements StreamObserver<SnapshotChunk> {
    private final String nodeId;
    private final Consumer<Message> inbox;
    private final SnapshotFiles snapshots;
    private final long maxSnapshotBytes;
    private final StreamObserver<SnapshotAck> response;

    private SnapshotChunk.Header header;
    private SnapshotMeta meta;
    private SnapshotFiles.Incoming file;
    private boolean failed;

    SnapshotReceiver(String nodeId, Consumer<Message> inbox, SnapshotFiles snapshots, long maxSnapshotBytes,
                     StreamObserver<SnapshotAck> response) {
        this.nodeId = nodeId;
        this.inbox = inbox;
        this.snapshots = snapshots;
        this.maxSnapshotBytes = maxSnapshotBytes;
        this.response = response;
    }

    @Override
    public void onNext(SnapshotChunk chunk) {
        if (failed) {
            return;
        }
        try {
            switch (chunk.getChunkCase()) {
                case HEADER -> onHeader(chunk.getHeader());
                case DATA -> onData(chunk.getData());
                case CHUNK_NOT_SET -> throw new IllegalArgumentException("snapshot chunk carries nothing");
            }
        } catch (IllegalArgumentException e) {
            fail(RaftGrpcService.invalid(e.getMessage()));
        } catch (IOException e) {
            fail(Status.INTERNAL.withDescription("cannot write the snapshot: " + e).asRuntimeException());
        }
    }

    private void onHeader(SnapshotChunk.Header h) throws IOException {
        require(header == null, "a second snapshot header");
        nodeId(h.getFrom(), "from");
        require(nodeId(h.getTo(), "to").equals(nodeId), "snapshot for " + h.getTo() + " sent to node " + nodeId);
        nonNegative(h.getTerm(), "term");
        require(h.hasMeta(), "snapshot header has no meta");
        meta = RaftStateCodec.fromProto(h.getMeta());
        long total = nonNegative(h.getTotalSize(), "total_size");
        require(total <= maxSnapshotBytes, "snapshot of " + total + " B exceeds the limit of " + maxSnapshotBytes + " B");
        file = snapshots.receive(meta.index());
        header = h;
    }

    private void onData(SnapshotChunk.Data d) throws IOException {
        require(header != null, "snapshot data before the header");
        require(d.getOffset() == file.size(), "snapshot data at offset " + d.getOffset() + ", expected " + file.size());
        require(d.getContent().size() <= header.getTotalSize() - file.size(),
                "snapshot data past the declared size of " + header.getTotalSize() + " B");
        d.getContent().writeTo(file.out());
        response.onNext(SnapshotAck.newBuilder().setBytesReceived(file.size()).build());
    }

    @Override
    public void onError(Throwable t) {
        failed = true; // the sender gave up (deadline, cancel); drop what we have
        discard();
    }

    @Override
    public void onCompleted() {
        if (failed) {
            return;
        }
        SnapshotFiles.Handle kept;
        try {
            require(header != null, "snapshot stream without a header");
            require(file.size() == header.getTotalSize(),
                    "snapshot ended at " + file.size() + " B of " + header.getTotalSize() + " B");
            kept = file.keep(header.getTotalSize(), header.getCrc32C());
        } catch (IllegalArgumentException | CorruptSnapshotException e) {
            fail(RaftGrpcService.invalid(e.getMessage()));
            return;
        } catch (IOException e) {
            fail(Status.INTERNAL.withDescription("cannot keep the snapshot: " + e).asRuntimeException());
            return;
        }
        inbox.accept(new InstallSnapshot(header.getFrom(), header.getTo(), header.getTerm(), new Snapshot(meta, kept.encode())));
        response.onCompleted();
    }

    private void fail(RuntimeException status) {
        failed = true;
        discard();
        response.onError(status);
    }

    private void discard() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                // a leftover part file is deleted when the node next starts
            }
        }
    }
}
