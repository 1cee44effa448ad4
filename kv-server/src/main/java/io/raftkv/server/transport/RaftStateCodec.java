package io.raftkv.server.transport;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.raftkv.server.raft.message.ConfChange;
import io.raftkv.server.raft.message.ConfState;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.EntryType;
import io.raftkv.server.raft.message.HardState;
import io.raftkv.server.raft.message.Snapshot;
import io.raftkv.server.raft.message.SnapshotMeta;

import java.util.List;
import java.util.Set;

/**
 * Maps the Raft core's value types (entries, persisted state, membership, snapshots) to their
 * kv-proto wire form and back. {@link RaftMessageCodec} builds the messages out of these.
 *
 * <p>Going out, nothing can fail: the core's records are valid by construction. Coming in, the
 * bytes are a peer's (or anyone's who can reach the Raft port), so every {@code fromProto} checks
 * what the core relies on and throws {@link IllegalArgumentException} naming the first problem;
 * garbage must cost the sender its stream, never crash this node.
 */
public final class RaftStateCodec {
    private RaftStateCodec() {
    }

    /**
     * Wraps the entry's data instead of copying it: {@link Entry} promises its array is never
     * modified once the entry exists, and entries are the bulk of what Raft sends (a leader
     * replicates the same entry to every follower), so a copy per send would be pure waste.
     */
    public static io.raftkv.proto.raft.Entry toProto(Entry entry) {
        return io.raftkv.proto.raft.Entry.newBuilder()
                .setIndex(entry.index())
                .setTerm(entry.term())
                .setType(switch (entry.type()) {
                    case NORMAL -> io.raftkv.proto.raft.EntryType.ENTRY_TYPE_NORMAL;
                    case CONF_CHANGE -> io.raftkv.proto.raft.EntryType.ENTRY_TYPE_CONF_CHANGE;
                })
                .setData(UnsafeByteOperations.unsafeWrap(entry.data()))
                .build();
    }

    public static Entry fromProto(io.raftkv.proto.raft.Entry entry) {
        EntryType type = switch (entry.getType()) {
            case ENTRY_TYPE_NORMAL -> EntryType.NORMAL;
            case ENTRY_TYPE_CONF_CHANGE -> EntryType.CONF_CHANGE;
            case ENTRY_TYPE_UNSPECIFIED, UNRECOGNIZED ->
                    throw new IllegalArgumentException("entry " + entry.getIndex() + " has no known type ("
                            + entry.getTypeValue() + ")");
        };
        return new Entry(nonNegative(entry.getIndex(), "entry index"), nonNegative(entry.getTerm(), "entry term"),
                type, entry.getData().toByteArray());
    }

    public static io.raftkv.proto.raft.HardState toProto(HardState state) {
        var proto = io.raftkv.proto.raft.HardState.newBuilder().setTerm(state.term()).setCommit(state.commit());
        if (state.votedFor() != null) {
            proto.setVotedFor(state.votedFor());
        }
        return proto.build();
    }

    public static HardState fromProto(io.raftkv.proto.raft.HardState state) {
        String votedFor = state.hasVotedFor() ? nodeId(state.getVotedFor(), "voted_for") : null;
        return new HardState(nonNegative(state.getTerm(), "term"), votedFor, nonNegative(state.getCommit(), "commit"));
    }

    public static io.raftkv.proto.raft.ConfState toProto(ConfState conf) {
        return io.raftkv.proto.raft.ConfState.newBuilder()
                .addAllVoters(conf.voters())
                .addAllLearners(conf.learners())
                .build();
    }

    /** Rejects empty ids and a node listed as both voter and learner (ConfState's own check). */
    public static ConfState fromProto(io.raftkv.proto.raft.ConfState conf) {
        return new ConfState(nodeIds(conf.getVotersList(), "voter"), nodeIds(conf.getLearnersList(), "learner"));
    }

    public static io.raftkv.proto.raft.ConfChange toProto(ConfChange change) {
        return io.raftkv.proto.raft.ConfChange.newBuilder()
                .setType(switch (change.type()) {
                    case ADD_VOTER -> io.raftkv.proto.raft.ConfChange.Type.ADD_VOTER;
                    case ADD_LEARNER -> io.raftkv.proto.raft.ConfChange.Type.ADD_LEARNER;
                    case REMOVE_NODE -> io.raftkv.proto.raft.ConfChange.Type.REMOVE_NODE;
                })
                .setNodeId(change.nodeId())
                // Copied: ConfChange makes no promise that its context stays unmodified, and it is small.
                .setContext(ByteString.copyFrom(change.context()))
                .build();
    }

    public static ConfChange fromProto(io.raftkv.proto.raft.ConfChange change) {
        ConfChange.Type type = switch (change.getType()) {
            case ADD_VOTER -> ConfChange.Type.ADD_VOTER;
            case ADD_LEARNER -> ConfChange.Type.ADD_LEARNER;
            case REMOVE_NODE -> ConfChange.Type.REMOVE_NODE;
            case TYPE_UNSPECIFIED, UNRECOGNIZED ->
                    throw new IllegalArgumentException("conf change has no known type (" + change.getTypeValue() + ")");
        };
        return new ConfChange(type, nodeId(change.getNodeId(), "node_id"), change.getContext().toByteArray());
    }

    public static io.raftkv.proto.raft.SnapshotMeta toProto(SnapshotMeta meta) {
        return io.raftkv.proto.raft.SnapshotMeta.newBuilder()
                .setIndex(meta.index())
                .setTerm(meta.term())
                .setConf(toProto(meta.conf()))
                .build();
    }

    public static SnapshotMeta fromProto(io.raftkv.proto.raft.SnapshotMeta meta) {
        require(meta.hasConf(), "snapshot meta has no conf");
        return new SnapshotMeta(nonNegative(meta.getIndex(), "snapshot index"),
                nonNegative(meta.getTerm(), "snapshot term"), fromProto(meta.getConf()));
    }

    /**
     * Copies the data: unlike {@link Entry}, {@link Snapshot} makes no immutability promise. A
     * snapshot of real size goes through the chunked InstallSnapshot stream, not through here.
     */
    public static io.raftkv.proto.raft.Snapshot toProto(Snapshot snapshot) {
        return io.raftkv.proto.raft.Snapshot.newBuilder()
                .setMeta(toProto(snapshot.meta()))
                .setData(snapshot.data() == null ? ByteString.EMPTY : ByteString.copyFrom(snapshot.data()))
                .build();
    }

    /** Null data goes out as empty bytes, so it comes back as an empty array. */
    public static Snapshot fromProto(io.raftkv.proto.raft.Snapshot snapshot) {
        require(snapshot.hasMeta(), "snapshot has no meta");
        return new Snapshot(fromProto(snapshot.getMeta()), snapshot.getData().toByteArray());
    }

    static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Terms and log indexes: 0 is a real value (nothing yet), negative never is. */
    static long nonNegative(long value, String what) {
        require(value >= 0, what + " is negative: " + value);
        return value;
    }

    static String nodeId(String id, String what) {
        require(!id.isEmpty(), what + " is empty");
        return id;
    }

    private static Set<String> nodeIds(List<String> ids, String what) {
        for (String id : ids) {
            nodeId(id, what);
        }
        return Set.copyOf(ids);
    }
}
