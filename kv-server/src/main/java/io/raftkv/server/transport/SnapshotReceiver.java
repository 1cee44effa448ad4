package io.raftkv.server.transport;

import io.grpc.stub.StreamObserver;
import io.raftkv.proto.raft.SnapshotAck;
import io.raftkv.proto.raft.SnapshotChunk;
import io.raftkv.server.raft.message.InstallSnapshot;
import io.raftkv.server.raft.message.Message;
import io.raftkv.server.raft.message.Snapshot;
import io.raftkv.server.raft.message.SnapshotMeta;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

import static io.raftkv.server.transport.RaftStateCodec.nodeId;
import static io.raftkv.server.transport.RaftStateCodec.nonNegative;
import static io.raftkv.server.transport.RaftStateCodec.require;

/**
 * One InstallSnapshot call: a Header chunk, then Data chunks in offset order, reassembled in
 * memory and checked (size, CRC32C) before the core sees an {@link InstallSnapshot}.
 *
 * <p>In memory for now: a state of real size should spill to a file instead (issue 5), which is
 * also why the core's {@link Snapshot} may later carry a handle rather than the bytes.
 *
 * <p>The buffer grows with the data actually received, up to the declared size, instead of being
 * allocated from the header: the header is anyone's claim, the data is what they really sent.
 * Growth stops exactly at the declared size, so the finished array is handed over without a copy.
 */
final class SnapshotReceiver implements StreamObserver<SnapshotChunk> {
    /** Java arrays top out just below 2 GiB; anything bigger needs the on-disk form (issue 5). */
    static final long MAX_IN_MEMORY_BYTES = Integer.MAX_VALUE - 16;
    private static final int INITIAL_BUFFER_BYTES = 1 << 20;

    private final String nodeId;
    private final Consumer<Message> inbox;
    private final long maxSnapshotBytes;
    private final StreamObserver<SnapshotAck> response;
    private final CRC32C crc = new CRC32C();

    private SnapshotChunk.Header header;
    private SnapshotMeta meta;
    private byte[] data;
    private int received;
    private boolean failed;

    SnapshotReceiver(String nodeId, Consumer<Message> inbox, long maxSnapshotBytes,
                     StreamObserver<SnapshotAck> response) {
        this.nodeId = nodeId;
        this.inbox = inbox;
        this.maxSnapshotBytes = Math.min(maxSnapshotBytes, MAX_IN_MEMORY_BYTES);
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
            fail(e.getMessage());
        }
    }

    private void onHeader(SnapshotChunk.Header h) {
        require(header == null, "a second snapshot header");
        nodeId(h.getFrom(), "from");
        require(nodeId(h.getTo(), "to").equals(nodeId), "snapshot for " + h.getTo() + " sent to node " + nodeId);
        nonNegative(h.getTerm(), "term");
        require(h.hasMeta(), "snapshot header has no meta");
        meta = RaftStateCodec.fromProto(h.getMeta());
        long total = nonNegative(h.getTotalSize(), "total_size");
        require(total <= maxSnapshotBytes, "snapshot of " + total + " B exceeds the limit of " + maxSnapshotBytes + " B");
        data = new byte[(int) Math.min(total, INITIAL_BUFFER_BYTES)];
        header = h;
    }

    private void onData(SnapshotChunk.Data d) {
        require(header != null, "snapshot data before the header");
        require(d.getOffset() == received, "snapshot data at offset " + d.getOffset() + ", expected " + received);
        int length = d.getContent().size();
        require(length <= header.getTotalSize() - received,
                "snapshot data past the declared size of " + header.getTotalSize() + " B");
        if (received + length > data.length) {
            // Doubling, capped at the declared size: the last growth lands on it exactly.
            long capacity = Math.max((long) data.length * 2, (long) received + length);
            data = Arrays.copyOf(data, (int) Math.min(capacity, header.getTotalSize()));
        }
        d.getContent().copyTo(data, received);
        crc.update(data, received, length);
        received += length;
    }

    @Override
    public void onError(Throwable t) {
        failed = true; // the sender gave up (deadline, cancel); drop what we have
        data = null;
    }

    @Override
    public void onCompleted() {
        if (failed) {
            return;
        }
        try {
            require(header != null, "snapshot stream without a header");
            require(received == header.getTotalSize(),
                    "snapshot ended at " + received + " B of " + header.getTotalSize() + " B");
            require((int) crc.getValue() == header.getCrc32C(), "snapshot CRC32C mismatch");
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        }
        inbox.accept(new InstallSnapshot(header.getFrom(), header.getTo(), header.getTerm(), new Snapshot(meta, data)));
        data = null;
        response.onNext(SnapshotAck.newBuilder().setBytesReceived(received).build());
        response.onCompleted();
    }

    private void fail(String problem) {
        failed = true;
        data = null;
        response.onError(RaftGrpcService.invalid(problem));
    }
}
