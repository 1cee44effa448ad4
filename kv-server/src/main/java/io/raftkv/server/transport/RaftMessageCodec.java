package io.raftkv.server.transport;

import com.google.protobuf.InvalidProtocolBufferException;
import io.raftkv.proto.raft.RaftMessage;
import io.raftkv.server.raft.message.AppendRequest;
import io.raftkv.server.raft.message.AppendResponse;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.HeartbeatRequest;
import io.raftkv.server.raft.message.HeartbeatResponse;
import io.raftkv.server.raft.message.InstallSnapshot;
import io.raftkv.server.raft.message.Message;
import io.raftkv.server.raft.message.ReadIndexRequest;
import io.raftkv.server.raft.message.ReadIndexResponse;
import io.raftkv.server.raft.message.TimeoutNow;
import io.raftkv.server.raft.message.VoteRequest;
import io.raftkv.server.raft.message.VoteResponse;

import java.util.ArrayList;
import java.util.List;

import static io.raftkv.server.transport.RaftStateCodec.nodeId;
import static io.raftkv.server.transport.RaftStateCodec.nonNegative;
import static io.raftkv.server.transport.RaftStateCodec.require;

/**
 * Maps the Raft core's {@link Message}s 1:1 to kv-proto's {@link RaftMessage} envelope and back.
 * Both directions switch exhaustively, so a new message type does not compile until it is mapped.
 *
 * <p>{@link #fromProto} (and {@link #decode}) accept only what the core can take: a message set,
 * non-empty sender and recipient, no negative term or log index, AppendEntries entries that follow
 * {@code prevLogIndex} one by one. Anything else is an {@link IllegalArgumentException}, the one
 * exception the transport has to expect from bytes off the wire.
 */
public final class RaftMessageCodec {
    private RaftMessageCodec() {
    }

    public static RaftMessage toProto(Message message) {
        RaftMessage.Builder envelope = RaftMessage.newBuilder();
        switch (message) {
            case VoteRequest m -> envelope.getVoteRequestBuilder()
                    .setFrom(m.from()).setTo(m.to()).setTerm(m.term())
                    .setLastLogIndex(m.lastLogIndex()).setLastLogTerm(m.lastLogTerm())
                    .setPreVote(m.preVote()).setTransfer(m.transfer());
            case VoteResponse m -> envelope.getVoteResponseBuilder()
                    .setFrom(m.from()).setTo(m.to()).setTerm(m.term())
                    .setPreVote(m.preVote()).setGranted(m.granted());
            case AppendRequest m -> {
                var append = envelope.getAppendRequestBuilder()
                        .setFrom(m.from()).setTo(m.to()).setTerm(m.term())
                        .setPrevLogIndex(m.prevLogIndex()).setPrevLogTerm(m.prevLogTerm())
                        .setLeaderCommit(m.leaderCommit());
                for (Entry entry : m.entries()) {
                    append.addEntries(RaftStateCodec.toProto(entry));
                }
            }
            case AppendResponse m -> envelope.getAppendResponseBuilder()
                    .setFrom(m.from()).setTo(m.to()).setTerm(m.term())
                    .setSuccess(m.success()).setIndex(m.index())
                    .setHintIndex(m.hintIndex()).setHintTerm(m.hintTerm());
            case HeartbeatRequest m -> envelope.getHeartbeatRequestBuilder()
                    .setFrom(m.from()).setTo(m.to()).setTerm(m.term())
                    .setCommit(m.commit()).setReadContext(m.readContext());
            case HeartbeatResponse m -> envelope.getHeartbeatResponseBuilder()
                    .setFrom(m.from()).setTo(m.to()).setTerm(m.term())
                    .setReadContext(m.readContext());
            case InstallSnapshot m -> envelope.getInstallSnapshotBuilder()
                    .setFrom(m.from()).setTo(m.to()).setTerm(m.term())
                    .setSnapshot(RaftStateCodec.toProto(m.snapshot()));
            case TimeoutNow m -> envelope.getTimeoutNowBuilder()
                    .setFrom(m.from()).setTo(m.to()).setTerm(m.term());
            case ReadIndexRequest m -> envelope.getReadIndexRequestBuilder()
                    .setFrom(m.from()).setTo(m.to()).setTerm(m.term())
                    .setRequestId(m.requestId());
            case ReadIndexResponse m -> envelope.getReadIndexResponseBuilder()
                    .setFrom(m.from()).setTo(m.to()).setTerm(m.term())
                    .setRequestId(m.requestId()).setIndex(m.index());
        }
        return envelope.build();
    }

    public static Message fromProto(RaftMessage message) {
        return switch (message.getMessageCase()) {
            case VOTE_REQUEST -> {
                var m = message.getVoteRequest();
                yield new VoteRequest(nodeId(m.getFrom(), "from"), nodeId(m.getTo(), "to"), term(m.getTerm()),
                        nonNegative(m.getLastLogIndex(), "last_log_index"), nonNegative(m.getLastLogTerm(), "last_log_term"),
                        m.getPreVote(), m.getTransfer());
            }
            case VOTE_RESPONSE -> {
                var m = message.getVoteResponse();
                yield new VoteResponse(nodeId(m.getFrom(), "from"), nodeId(m.getTo(), "to"), term(m.getTerm()),
                        m.getPreVote(), m.getGranted());
            }
            case APPEND_REQUEST -> {
                var m = message.getAppendRequest();
                long prevLogIndex = nonNegative(m.getPrevLogIndex(), "prev_log_index");
                List<Entry> entries = new ArrayList<>(m.getEntriesCount());
                for (var entry : m.getEntriesList()) {
                    Entry e = RaftStateCodec.fromProto(entry);
                    long expected = prevLogIndex + 1 + entries.size();
                    require(e.index() == expected, "entry index " + e.index() + " where " + expected + " belongs");
                    entries.add(e);
                }
                yield new AppendRequest(nodeId(m.getFrom(), "from"), nodeId(m.getTo(), "to"), term(m.getTerm()),
                        prevLogIndex, nonNegative(m.getPrevLogTerm(), "prev_log_term"), entries,
                        nonNegative(m.getLeaderCommit(), "leader_commit"));
            }
            case APPEND_RESPONSE -> {
                var m = message.getAppendResponse();
                yield new AppendResponse(nodeId(m.getFrom(), "from"), nodeId(m.getTo(), "to"), term(m.getTerm()),
                        m.getSuccess(), nonNegative(m.getIndex(), "index"),
                        nonNegative(m.getHintIndex(), "hint_index"), nonNegative(m.getHintTerm(), "hint_term"));
            }
            case HEARTBEAT_REQUEST -> {
                var m = message.getHeartbeatRequest();
                yield new HeartbeatRequest(nodeId(m.getFrom(), "from"), nodeId(m.getTo(), "to"), term(m.getTerm()),
                        nonNegative(m.getCommit(), "commit"), m.getReadContext());
            }
            case HEARTBEAT_RESPONSE -> {
                var m = message.getHeartbeatResponse();
                yield new HeartbeatResponse(nodeId(m.getFrom(), "from"), nodeId(m.getTo(), "to"), term(m.getTerm()),
                        m.getReadContext());
            }
            case INSTALL_SNAPSHOT -> {
                var m = message.getInstallSnapshot();
                require(m.hasSnapshot(), "install_snapshot has no snapshot");
                yield new InstallSnapshot(nodeId(m.getFrom(), "from"), nodeId(m.getTo(), "to"), term(m.getTerm()),
                        RaftStateCodec.fromProto(m.getSnapshot()));
            }
            case TIMEOUT_NOW -> {
                var m = message.getTimeoutNow();
                yield new TimeoutNow(nodeId(m.getFrom(), "from"), nodeId(m.getTo(), "to"), term(m.getTerm()));
            }
            case READ_INDEX_REQUEST -> {
                var m = message.getReadIndexRequest();
                yield new ReadIndexRequest(nodeId(m.getFrom(), "from"), nodeId(m.getTo(), "to"), term(m.getTerm()),
                        m.getRequestId());
            }
            case READ_INDEX_RESPONSE -> {
                var m = message.getReadIndexResponse();
                // A negative index is the leader refusing the read, not malformed.
                yield new ReadIndexResponse(nodeId(m.getFrom(), "from"), nodeId(m.getTo(), "to"), term(m.getTerm()),
                        m.getRequestId(), m.getIndex());
            }
            case KEEPALIVE -> throw new IllegalArgumentException("a keepalive carries no Raft message");
            case MESSAGE_NOT_SET -> throw new IllegalArgumentException(
                    "RaftMessage carries no message (empty, or a type this node does not know)");
        };
    }

    /** The wire bytes of one message, as the gRPC marshaller would write them. */
    public static byte[] encode(Message message) {
        return toProto(message).toByteArray();
    }

    /** Parses and checks one message; unparseable bytes are an IllegalArgumentException too. */
    public static Message decode(byte[] bytes) {
        try {
            return fromProto(RaftMessage.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a RaftMessage: " + e.getMessage(), e);
        }
    }

    private static long term(long term) {
        return nonNegative(term, "term");
    }
}
