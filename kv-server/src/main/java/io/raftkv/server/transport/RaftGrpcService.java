package io.raftkv.server.transport;

import com.google.protobuf.Descriptors;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.helidon.webserver.grpc.GrpcService;
import io.raftkv.proto.raft.ProbeRequest;
import io.raftkv.proto.raft.ProbeResponse;
import io.raftkv.proto.raft.RaftMessage;
import io.raftkv.proto.raft.RaftProto;
import io.raftkv.proto.raft.SendAck;
import io.raftkv.proto.raft.SnapshotAck;
import io.raftkv.proto.raft.SnapshotChunk;
import io.raftkv.server.raft.message.Message;
import io.raftkv.server.storage.SnapshotFiles;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * The receiving side of kv-proto's {@code Raft} service, served by the Helidon gRPC server on the
 * node's Raft port (see {@link RaftServer}).
 *
 * <p>Helidon calls the stream observers on the HTTP/2 connection's own thread, one message at a
 * time, so decoding happens there and each message goes straight to {@code inbox} with no thread
 * hop. The inbox must therefore only enqueue (it is the node's queue), never block for long.
 *
 * <p>Anything malformed ends that one call with INVALID_ARGUMENT; nothing reaches the inbox from
 * it afterwards, and other calls and connections are unaffected.
 */
public final class RaftGrpcService implements GrpcService {
    private final String nodeId;
    private final Consumer<Message> inbox;
    private final SnapshotFiles snapshots;
    private final long maxSnapshotBytes;

    /**
     * @param nodeId           this node's id: every message must be addressed to it
     * @param inbox            where decoded messages go; called on gRPC threads, must not block
     * @param snapshots        where received snapshots are written
     * @param maxSnapshotBytes the largest snapshot accepted
     */
    public RaftGrpcService(String nodeId, Consumer<Message> inbox, SnapshotFiles snapshots, long maxSnapshotBytes) {
        this.nodeId = Objects.requireNonNull(nodeId);
        this.inbox = Objects.requireNonNull(inbox);
        this.snapshots = Objects.requireNonNull(snapshots);
        this.maxSnapshotBytes = maxSnapshotBytes;
    }

    /** Accepts snapshots of any size (the disk is the limit). */
    public RaftGrpcService(String nodeId, Consumer<Message> inbox, SnapshotFiles snapshots) {
        this(nodeId, inbox, snapshots, Long.MAX_VALUE);
    }

    @Override
    public Descriptors.FileDescriptor proto() {
        return RaftProto.getDescriptor();
    }

    /** Helidon looks the service up by this name in {@link #proto()}; the default is the class name. */
    @Override
    public String serviceName() {
        return "Raft";
    }

    @Override
    public void update(Routing routing) {
        routing.clientStream("Send", this::send)
                .bidi("InstallSnapshot", this::installSnapshot)
                .unary("Probe", this::probe);
    }

    private StreamObserver<RaftMessage> send(StreamObserver<SendAck> response) {
        return new SendReceiver(response);
    }

    private StreamObserver<SnapshotChunk> installSnapshot(StreamObserver<SnapshotAck> response) {
        return new SnapshotReceiver(nodeId, inbox, snapshots, maxSnapshotBytes, response);
    }

    private void probe(ProbeRequest request, StreamObserver<ProbeResponse> response) {
        response.onNext(ProbeResponse.newBuilder().setNodeId(nodeId).build());
        response.onCompleted();
    }

    static RuntimeException invalid(String problem) {
        return Status.INVALID_ARGUMENT.withDescription(problem).asRuntimeException();
    }

    /** One peer's Send stream: decode, check the recipient, hand over; count for the ack. */
    private final class SendReceiver implements StreamObserver<RaftMessage> {
        private final StreamObserver<SendAck> response;
        private long received;
        private boolean failed;

        SendReceiver(StreamObserver<SendAck> response) {
            this.response = response;
        }

        @Override
        public void onNext(RaftMessage proto) {
            if (failed || proto.hasKeepalive()) {
                return; // the call is over (Helidon may still deliver what was buffered), or nothing to hand over
            }
            Message message;
            try {
                message = RaftMessageCodec.fromProto(proto);
                RaftStateCodec.require(message.to().equals(nodeId),
                        "message for " + message.to() + " sent to node " + nodeId);
            } catch (IllegalArgumentException e) {
                failed = true;
                response.onError(invalid(e.getMessage()));
                return;
            }
            received++;
            inbox.accept(message);
        }

        @Override
        public void onError(Throwable t) {
            failed = true; // the sender cancelled or its connection broke; it reopens on its own
        }

        @Override
        public void onCompleted() {
            if (!failed) {
                response.onNext(SendAck.newBuilder().setMessagesReceived(received).build());
                response.onCompleted();
            }
        }
    }
}
