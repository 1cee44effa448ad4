package io.raftkv.server.raft;

import org.junit.jupiter.api.Test;

import static io.raftkv.server.raft.RaftHarness.classic;
import static io.raftkv.server.raft.RaftHarness.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who accepts proposals, and the leader's backpressure on uncommitted bytes. */
class ProposalTest {

    /** A leader that accepts at most 100 uncommitted payload bytes, with both followers cut off. */
    private static TestNetwork stalledLeader() {
        TestNetwork net = TestNetwork.of(id -> classic(id).withLimits(1 << 20, 256, 100), "1", "2", "3");
        net.elect("1");
        net.isolate("2");
        net.isolate("3");
        return net;
    }

    /**
     * "If the client's first choice is not the leader, that server will reject the client's request
     * and supply information about the most recent leader it has heard from." (Raft §8)
     */
    @Test
    void followerRefusesProposalNamingTheLeader() {
        TestNetwork net = TestNetwork.classic("1", "2", "3");
        net.elect("1");

        assertThatThrownBy(() -> net.raft("2").propose(payload(1)))
                .isInstanceOfSatisfying(RaftException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RaftException.Reason.NOT_LEADER);
                    assertThat(e.leaderHint()).isEqualTo("1");
                });
        assertThat(net.node("2").raft().hasReady()).isFalse();
    }

    /**
     * Backpressure: the leader refuses a proposal that would take its uncommitted payload beyond
     * {@code maxUncommittedBytes}, and appends nothing for it (thesis §10.2.1 flow control;
     * etcd-io/raft's MaxUncommittedEntriesSize).
     */
    @Test
    void leaderRefusesProposalBeyondUncommittedByteLimit() {
        TestNetwork net = stalledLeader();
        Raft leader = net.raft("1");
        long before = net.node("1").lastIndex();

        leader.propose(payload(60));
        long last = leader.propose(payload(40));
        assertThat(last).as("exactly at the limit is accepted").isEqualTo(before + 2);

        assertThatThrownBy(() -> leader.propose(payload(1)))
                .isInstanceOfSatisfying(RaftException.class,
                        e -> assertThat(e.reason()).isEqualTo(RaftException.Reason.TOO_MUCH_UNCOMMITTED));
        net.stabilize();
        assertThat(net.node("1").lastIndex()).isEqualTo(last);
    }

    /**
     * An entry is always accepted when nothing is uncommitted, however large, so progress is possible.
     * (thesis §10.2.1; etcd-io/raft MaxUncommittedEntriesSize)
     */
    @Test
    void entryLargerThanLimitIsAcceptedWhenNothingIsUncommitted() {
        TestNetwork net = stalledLeader();
        long before = net.node("1").lastIndex();
        assertThat(net.raft("1").status().commit()).as("nothing uncommitted").isEqualTo(before);

        assertThat(net.raft("1").propose(payload(500))).isEqualTo(before + 1);
    }

    /** Backpressure lifts as entries commit. (thesis §10.2.1) */
    @Test
    void leaderAcceptsProposalsAgainOnceEntriesCommit() {
        TestNetwork net = stalledLeader();
        long index = net.raft("1").propose(payload(90));
        assertThatThrownBy(() -> net.raft("1").propose(payload(20))).isInstanceOf(RaftException.class);

        net.recover();
        net.tick("1", 3);
        assertThat(net.raft("1").status().commit()).isEqualTo(index);

        assertThat(net.raft("1").propose(payload(20))).isEqualTo(index + 1);
    }

    /** Proposals on a node that knows no leader are refused with no hint. (Raft §8) */
    @Test
    void nodeWithoutLeaderRefusesProposalWithoutHint() {
        RaftHarness h = RaftHarness.bootstrap(classic("1"), "1", "2", "3");

        assertThatThrownBy(() -> h.raft().propose(payload(1)))
                .isInstanceOfSatisfying(RaftException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RaftException.Reason.NOT_LEADER);
                    assertThat(e.leaderHint()).isNull();
                });
        assertThat(h.raft().role()).isEqualTo(Role.FOLLOWER);
    }
}
