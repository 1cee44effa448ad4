package io.raftkv.server.raft;

import io.raftkv.server.raft.message.AppendRequest;
import io.raftkv.server.raft.message.AppendResponse;
import io.raftkv.server.raft.message.ConfChange;
import io.raftkv.server.raft.message.HeartbeatRequest;
import io.raftkv.server.raft.message.ReadIndexRequest;
import io.raftkv.server.raft.message.ReadIndexResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static io.raftkv.server.raft.RaftHarness.bootstrapEntries;
import static io.raftkv.server.raft.RaftHarness.classic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Linearizable reads with ReadIndex (thesis §6.4). */
class ReadIndexTest {

    /** Voters 1–3 with leader "1" and one committed proposal, the last entry: its index is the commit index. */
    private static TestNetwork clusterWithCommittedWrite() {
        TestNetwork net = TestNetwork.classic("1", "2", "3");
        net.elect("1");
        long index = net.raft("1").propose("x=1".getBytes(StandardCharsets.UTF_8));
        net.stabilize();
        net.tick("1", 1);
        if (net.raft("1").status().commit() != index) {
            throw new AssertionError("the write at " + index + " did not commit: " + net.raft("1").status());
        }
        return net;
    }

    /**
     * The leader saves its commit index as the read index, then confirms it is still leader by a
     * round of heartbeats acknowledged by a majority; only then may the read proceed at that
     * index. (thesis §6.4)
     */
    @Test
    void leaderAnswersReadWithItsCommitIndexAfterHeartbeatQuorum() {
        TestNetwork net = clusterWithCommittedWrite();
        long commit = net.raft("1").status().commit();

        net.raft("1").readIndex(7);
        Ready rd = net.handle("1");

        assertThat(rd.readStates()).isEmpty();
        assertThat(rd.messages()).filteredOn(HeartbeatRequest.class::isInstance).map(HeartbeatRequest.class::cast)
                .extracting(HeartbeatRequest::to).containsExactlyInAnyOrder("2", "3");
        assertThat(rd.messages()).filteredOn(HeartbeatRequest.class::isInstance).map(HeartbeatRequest.class::cast)
                .allMatch(h -> h.readContext() > 0);

        net.stabilize();

        assertThat(net.node("1").readStates()).containsExactly(new ReadState(7, commit));
    }

    /**
     * Reads that arrive while a heartbeat round is in flight share the next round, sent once a quorum
     * answered the first: a cluster under many reads sends one round per round trip, not one per
     * batch of reads. Both are still answered only after a round that began after they arrived.
     */
    @Test
    void readsArrivingDuringARoundShareTheNextOne() {
        TestNetwork net = clusterWithCommittedWrite();
        long commit = net.raft("1").status().commit();
        net.clearSent();

        net.raft("1").readIndex(7);
        net.handle("1");
        net.raft("1").readIndex(8);
        net.raft("1").readIndex(9);
        Ready whileInFlight = net.handle("1");

        assertThat(whileInFlight == null ? List.of() : whileInFlight.messages()).noneMatch(HeartbeatRequest.class::isInstance);
        net.stabilize();
        assertThat(net.node("1").readStates())
                .containsExactly(new ReadState(7, commit), new ReadState(8, commit), new ReadState(9, commit));
        assertThat(net.sent(HeartbeatRequest.class)).as("two rounds to two followers").hasSize(4);
    }

    /**
     * Without acknowledgments from a majority, the leader cannot know it is still leader, and does not
     * answer. (thesis §6.4)
     */
    @Test
    void leaderWithoutHeartbeatQuorumDoesNotAnswerRead() {
        TestNetwork net = clusterWithCommittedWrite();
        net.isolate("1");

        net.raft("1").readIndex(7);
        net.stabilize();
        net.tick("1", 5);

        assertThat(net.node("1").readStates()).isEmpty();
    }

    /**
     * A leader that has not yet committed an entry of its current term waits until it has, since
     * until then it may not know the latest commit index. (thesis §6.4)
     */
    @Test
    void newLeaderDelaysReadUntilItCommitsAnEntryOfItsTerm() {
        TestNetwork net = TestNetwork.classic("1", "2", "3");
        net.drop(m -> m instanceof AppendResponse);
        net.elect("1");
        long noOp = net.node("1").lastIndex();
        assertThat(net.raft("1").status().commit()).as("only the bootstrap entries, of an earlier term")
                .isEqualTo(bootstrapEntries("1", "2", "3")).isLessThan(noOp);

        net.raft("1").readIndex(9);
        net.stabilize();
        net.tick("1", 3);
        assertThat(net.node("1").readStates()).isEmpty();

        net.recover();
        net.tick("1", 3);
        assertThat(net.node("1").readStates()).containsExactly(new ReadState(9, noOp));
    }

    /** In a single-voter cluster the leader is a majority by itself and answers at once. (thesis §6.4) */
    @Test
    void singleVoterLeaderAnswersReadAtOnce() {
        RaftHarness h = RaftHarness.bootstrap(classic("1"), "1");
        h.tickUntil(r -> r.role() == Role.LEADER, 20);
        h.drain();
        long commit = h.raft().status().commit();
        assertThat(commit).as("its no-op committed at once").isEqualTo(h.lastIndex());

        h.raft().readIndex(3);
        h.drain();

        assertThat(h.readStates()).containsExactly(new ReadState(3, commit));
    }

    /**
     * Followers can serve reads too: a follower asks the leader for the current read index (the
     * leader confirms its leadership as for its own reads) and uses the answer. (thesis §6.4)
     */
    @Test
    void followerGetsReadIndexFromTheLeader() {
        TestNetwork net = clusterWithCommittedWrite();
        long commit = net.raft("1").status().commit();

        net.raft("2").readIndex(42);
        net.stabilize();

        assertThat(net.sent(ReadIndexRequest.class)).singleElement()
                .satisfies(r -> assertThat(r.from() + "->" + r.to()).isEqualTo("2->1"));
        assertThat(net.sent(ReadIndexResponse.class)).singleElement()
                .satisfies(r -> assertThat(r.to()).isEqualTo("2"));
        assertThat(net.node("2").readStates()).containsExactly(new ReadState(42, commit));
        assertThat(net.node("1").readStates()).isEmpty();
    }

    /**
     * The heartbeat quorum that confirms a read is a majority of voters; a learner's answer does not
     * count. (thesis §6.4)
     */
    @Test
    void learnerAnswerDoesNotConfirmARead() {
        TestNetwork net = clusterWithCommittedWrite();
        net.add(RaftHarness.joining(classic("4")));
        net.raft("1").proposeConfChange(new ConfChange(ConfChange.Type.ADD_LEARNER, "4", null));
        net.stabilize();
        net.isolate("2");
        net.isolate("3");

        net.raft("1").readIndex(11);
        net.stabilize();
        net.tick("1", 3);

        assertThat(net.node("1").readStates()).isEmpty();
    }

    /** A read needs a leader to confirm it: with none known, readIndex fails at once. (thesis §6.4) */
    @Test
    void readIndexWithoutKnownLeaderThrows() {
        RaftHarness h = RaftHarness.bootstrap(classic("1"), "1", "2", "3");

        assertThatThrownBy(() -> h.raft().readIndex(1)).isInstanceOf(RaftException.class);
    }

    /**
     * The reason for the heartbeat round: a deposed leader that does not know it yet must not
     * answer, since a newer leader may have committed writes it has not seen. (thesis §6.4)
     */
    @Test
    void partitionedOldLeaderCannotServeRead() {
        TestNetwork net = clusterWithCommittedWrite();
        net.isolate("1");
        net.raft("1").readIndex(5);
        net.stabilize();

        net.campaign("2");
        assertThat(net.leader()).isEqualTo("2");
        net.raft("2").propose("x=2".getBytes(StandardCharsets.UTF_8));
        net.stabilize();
        assertThat(net.node("1").readStates()).isEmpty();

        net.recover();
        net.tick("2", 2);
        assertThat(net.raft("1").role()).isEqualTo(Role.FOLLOWER);
        assertThat(net.node("1").readStates()).allMatch(ReadState::refused);
    }

    /**
     * The read tests are sharp: with {@link RaftConfig.BrokenRule#READ_INDEX_WITHOUT_HEARTBEAT_QUORUM}
     * a partitioned leader answers a read it cannot vouch for. (thesis §6.4)
     */
    @Test
    void partitionedLeaderScenarioCatchesReadWithoutHeartbeatQuorum() {
        TestNetwork net = TestNetwork.of(id -> classic(id).withBrokenRules(
                Set.of(RaftConfig.BrokenRule.READ_INDEX_WITHOUT_HEARTBEAT_QUORUM)), "1", "2", "3");
        net.elect("1");
        net.isolate("1");

        net.raft("1").readIndex(5);
        net.stabilize();

        assertThat(net.node("1").readStates()).anyMatch(r -> !r.refused());
    }

    /**
     * A leader that steps down can no longer confirm its pending reads and refuses them, so clients
     * retry on the new leader. (thesis §6.4)
     */
    @Test
    void leaderSteppingDownRefusesPendingReads() {
        TestNetwork net = clusterWithCommittedWrite();
        long term = net.raft("1").term();
        long commit = net.raft("1").status().commit();
        net.isolate("1");
        net.raft("1").readIndex(5);
        net.stabilize();

        // A newer leader, "2", whose log matches the old leader's up to the committed write.
        net.node("1").step(new AppendRequest("2", "1", term + 1, commit, term, List.of(), commit));
        net.stabilize();

        assertThat(net.raft("1").role()).isEqualTo(Role.FOLLOWER);
        assertThat(net.node("1").readStates()).containsExactly(new ReadState(5, -1));
    }
}
