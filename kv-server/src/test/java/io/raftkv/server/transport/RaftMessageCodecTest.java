package io.raftkv.server.transport;

import io.raftkv.proto.raft.RaftMessage;
import io.raftkv.server.raft.message.AppendRequest;
import io.raftkv.server.raft.message.AppendResponse;
import io.raftkv.server.raft.message.ConfChange;
import io.raftkv.server.raft.message.ConfState;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.EntryType;
import io.raftkv.server.raft.message.HardState;
import io.raftkv.server.raft.message.HeartbeatRequest;
import io.raftkv.server.raft.message.HeartbeatResponse;
import io.raftkv.server.raft.message.InstallSnapshot;
import io.raftkv.server.raft.message.Message;
import io.raftkv.server.raft.message.ReadIndexRequest;
import io.raftkv.server.raft.message.ReadIndexResponse;
import io.raftkv.server.raft.message.Snapshot;
import io.raftkv.server.raft.message.SnapshotMeta;
import io.raftkv.server.raft.message.TimeoutNow;
import io.raftkv.server.raft.message.VoteRequest;
import io.raftkv.server.raft.message.VoteResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RaftMessageCodecTest {
    private static final ConfState CONF = new ConfState(Set.of("n1", "n2", "n3"), Set.of("n4", "n5"));

    /** Through the proto object and through the bytes; both must give back an equal message. */
    static void assertRoundTrips(Message message) {
        assertSameMessage(RaftMessageCodec.fromProto(RaftMessageCodec.toProto(message)), message);
        assertSameMessage(RaftMessageCodec.decode(RaftMessageCodec.encode(message)), message);
    }

    private static void assertSameMessage(Message actual, Message expected) {
        assertThat(actual).isExactlyInstanceOf(expected.getClass());
        if (expected instanceof InstallSnapshot) {
            // Snapshot compares its data array by identity, so compare field by field.
            assertThat(actual).usingRecursiveComparison().isEqualTo(expected);
        } else {
            // Records' own equals; Entry compares its data by content (and fast, unlike a recursive walk).
            assertThat(actual).isEqualTo(expected);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyMessageTypeRoundTrips() {
        List<Message> all = List.of(
                new VoteRequest("n1", "n2", 7, 100, 6, false, false),
                new VoteRequest("n1", "n2", 8, 100, 6, true, false),
                new VoteRequest("n1", "n2", 8, 100, 6, false, true),
                new VoteResponse("n2", "n1", 7, false, true),
                new VoteResponse("n2", "n1", 8, true, false),
                new AppendRequest("n1", "n2", 7, 10, 6, List.of(
                        Entry.normal(11, 6, bytes("a")),
                        new Entry(12, 7, EntryType.CONF_CHANGE,
                                new ConfChange(ConfChange.Type.ADD_LEARNER, "n4", bytes("10.0.0.4:7000")).encode()),
                        Entry.normal(13, 7, new byte[0])), 11),
                new AppendResponse("n2", "n1", 7, true, 13, 0, 0),
                new AppendResponse("n2", "n1", 7, false, 10, 8, 5),
                new HeartbeatRequest("n1", "n2", 7, 12, 42),
                new HeartbeatResponse("n2", "n1", 7, 42),
                new InstallSnapshot("n1", "n2", 7, new Snapshot(new SnapshotMeta(50, 6, CONF), bytes("state"))),
                new TimeoutNow("n1", "n2", 7),
                new ReadIndexRequest("n2", "n1", 7, 99),
                new ReadIndexResponse("n1", "n2", 7, 99, 12),
                new ReadIndexResponse("n1", "n2", 7, 99, -1));
        // Every record the sealed interface permits is covered.
        assertThat(all).extracting(Object::getClass).map(Class::getSimpleName).containsAll(
                Arrays.stream(Message.class.getPermittedSubclasses()).map(Class::getSimpleName).toList());
        all.forEach(RaftMessageCodecTest::assertRoundTrips);
    }

    @Test
    void entriesRoundTripEmptyLargeAndNone() {
        byte[] large = new byte[4 << 20];
        Arrays.fill(large, (byte) 0x5a);
        AppendRequest withLarge = new AppendRequest("n1", "n2", 3, 0, 0,
                List.of(Entry.normal(1, 3, new byte[0]), Entry.normal(2, 3, large)), 0);
        assertRoundTrips(withLarge);
        assertRoundTrips(new AppendRequest("n1", "n2", 3, 5, 2, List.of(), 5));
    }

    @Test
    void outgoingEntryDataIsWrappedNotCopied() {
        byte[] data = bytes("abc");
        var proto = RaftStateCodec.toProto(Entry.normal(1, 1, data));
        data[0] = 'z'; // entries never do this; here it shows that the wire form shares the array
        assertThat(proto.getData().toStringUtf8()).isEqualTo("zbc");
    }

    @Test
    void incomingEntryDataIsACopy() {
        byte[] data = bytes("abc");
        Entry entry = RaftStateCodec.fromProto(RaftStateCodec.toProto(Entry.normal(1, 1, data)));
        assertThat(entry.data()).isEqualTo(data).isNotSameAs(data);
    }

    @Test
    void snapshotWithLearnersAndNullDataRoundTrips() {
        assertRoundTrips(new InstallSnapshot("n1", "n2", 9, new Snapshot(new SnapshotMeta(0, 0, ConfState.EMPTY), new byte[0])));
        Snapshot nullData = new Snapshot(new SnapshotMeta(5, 2, CONF), null);
        Snapshot back = RaftStateCodec.fromProto(RaftStateCodec.toProto(nullData));
        assertThat(back.meta()).isEqualTo(nullData.meta());
        assertThat(back.meta().conf().learners()).containsExactly("n4", "n5");
        assertThat(back.data()).isEmpty();
    }

    @Test
    void hardStateRoundTripsWithAndWithoutVote() {
        for (HardState state : List.of(HardState.INITIAL, new HardState(4, null, 2), new HardState(4, "n3", 2))) {
            assertThat(RaftStateCodec.fromProto(RaftStateCodec.toProto(state))).isEqualTo(state);
        }
        assertThat(RaftStateCodec.toProto(HardState.INITIAL).hasVotedFor()).isFalse();
    }

    @Test
    void confChangeRoundTripsEveryType() {
        for (ConfChange.Type type : ConfChange.Type.values()) {
            ConfChange change = new ConfChange(type, "n7", bytes("ctx-" + type));
            assertThat(RaftStateCodec.fromProto(RaftStateCodec.toProto(change)))
                    .usingRecursiveComparison().isEqualTo(change);
        }
    }

    // --- malformed input: always IllegalArgumentException, naming the problem ---

    private static final RaftMessage VALID_APPEND = RaftMessageCodec.toProto(new AppendRequest("n1", "n2", 7, 10, 6,
            List.of(Entry.normal(11, 6, bytes("a")), Entry.normal(12, 7, bytes("b"))), 11));
    private static final RaftMessage VALID_SNAPSHOT = RaftMessageCodec.toProto(
            new InstallSnapshot("n1", "n2", 7, new Snapshot(new SnapshotMeta(50, 6, CONF), bytes("state"))));

    private static void assertRejected(RaftMessage message, String problem) {
        assertThatThrownBy(() -> RaftMessageCodec.fromProto(message))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(problem);
        assertThatThrownBy(() -> RaftMessageCodec.decode(message.toByteArray()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(problem);
    }

    private static RaftMessage editAppend(UnaryOperator<io.raftkv.proto.raft.AppendRequest.Builder> edit) {
        return RaftMessage.newBuilder().setAppendRequest(edit.apply(VALID_APPEND.getAppendRequest().toBuilder())).build();
    }

    private static RaftMessage editSnapshot(UnaryOperator<io.raftkv.proto.raft.InstallSnapshot.Builder> edit) {
        return RaftMessage.newBuilder().setInstallSnapshot(edit.apply(VALID_SNAPSHOT.getInstallSnapshot().toBuilder())).build();
    }

    @Test
    void rejectsAnEnvelopeWithNoMessage() {
        assertRejected(RaftMessage.getDefaultInstance(), "carries no message");
    }

    @Test
    void rejectsAMessageTypeFromANewerPeer() {
        // Field 99 of the envelope, length-delimited, empty: what a future oneof member looks like to us.
        // The tag (99 << 3 | 2 = 794) as a varint is 0x9a 0x06; then length 0.
        byte[] unknown = {(byte) 0x9a, 0x06, 0x00};
        assertThatThrownBy(() -> RaftMessageCodec.decode(unknown))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("carries no message");
    }

    @Test
    void rejectsMissingSenderOrRecipient() {
        assertRejected(editAppend(b -> b.clearFrom()), "from is empty");
        assertRejected(editAppend(b -> b.clearTo()), "to is empty");
        assertRejected(RaftMessage.newBuilder().setTimeoutNow(io.raftkv.proto.raft.TimeoutNow.newBuilder().setTerm(3)).build(),
                "from is empty");
    }

    @Test
    void rejectsNegativeTermsAndIndexes() {
        assertRejected(editAppend(b -> b.setTerm(-1)), "term is negative");
        assertRejected(editAppend(b -> b.setPrevLogIndex(-5)), "prev_log_index is negative");
        assertRejected(editAppend(b -> b.setLeaderCommit(-1)), "leader_commit is negative");
        assertRejected(editAppend(b -> b.setEntries(0, b.getEntries(0).toBuilder().setTerm(-2))), "entry term is negative");
    }

    @Test
    void rejectsEntriesThatDoNotFollowPrevLogIndex() {
        assertRejected(editAppend(b -> b.setEntries(0, b.getEntries(0).toBuilder().setIndex(12))),
                "entry index 12 where 11 belongs");
        assertRejected(editAppend(b -> b.removeEntries(0)), "entry index 12 where 11 belongs");
    }

    @Test
    void rejectsEntriesWithoutAKnownType() {
        assertRejected(editAppend(b -> b.setEntries(1, b.getEntries(1).toBuilder().clearType())), "no known type (0)");
        assertRejected(editAppend(b -> b.setEntries(1, b.getEntries(1).toBuilder().setTypeValue(42))), "no known type (42)");
    }

    @Test
    void rejectsIncompleteSnapshots() {
        assertRejected(editSnapshot(b -> b.clearSnapshot()), "has no snapshot");
        assertRejected(editSnapshot(b -> b.setSnapshot(b.getSnapshot().toBuilder().clearMeta())), "snapshot has no meta");
        assertRejected(editSnapshot(b -> b.setSnapshot(b.getSnapshot().toBuilder()
                .setMeta(b.getSnapshot().getMeta().toBuilder().clearConf()))), "snapshot meta has no conf");
        assertRejected(editSnapshot(b -> b.setSnapshot(b.getSnapshot().toBuilder()
                .setMeta(b.getSnapshot().getMeta().toBuilder().setConf(
                        io.raftkv.proto.raft.ConfState.newBuilder().addVoters("n1").addLearners("n1"))))),
                "n1 is both a voter and a learner");
        assertRejected(editSnapshot(b -> b.setSnapshot(b.getSnapshot().toBuilder()
                .setMeta(b.getSnapshot().getMeta().toBuilder().setConf(
                        io.raftkv.proto.raft.ConfState.newBuilder().addVoters(""))))),
                "voter is empty");
    }

    @Test
    void rejectsAnEmptyVoteAndUnknownConfChangeTypes() {
        assertThatThrownBy(() -> RaftStateCodec.fromProto(io.raftkv.proto.raft.HardState.newBuilder().setVotedFor("").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("voted_for is empty");
        assertThatThrownBy(() -> RaftStateCodec.fromProto(io.raftkv.proto.raft.ConfChange.newBuilder().setNodeId("n1").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no known type");
    }

    @Test
    void rejectsBytesThatAreNotProtobuf() {
        assertThatThrownBy(() -> RaftMessageCodec.decode(bytes("GET / HTTP/1.1\r\n\r\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a RaftMessage");
        byte[] truncated = Arrays.copyOf(VALID_APPEND.toByteArray(), VALID_APPEND.getSerializedSize() - 1);
        assertThatThrownBy(() -> RaftMessageCodec.decode(truncated))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a RaftMessage");
    }
}
