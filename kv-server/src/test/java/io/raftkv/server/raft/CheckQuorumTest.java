package io.raftkv.server.raft;

import io.raftkv.server.raft.message.ConfChange;
import io.raftkv.server.raft.message.VoteRequest;
import io.raftkv.server.raft.message.VoteResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CheckQuorum: leaders step down without a quorum, and voters respect a live leader's lease
 * (thesis §6.2, §4.2.3).
 */
class CheckQuorumTest {

    /**
     * A leader steps down when an election timeout passes without a successful round of
     * heartbeats to a majority of its cluster. (thesis §6.2)
     */
    @Test
    void isolatedLeaderStepsDownWithinTwoElectionTimeouts() {
        TestNetwork net = TestNetwork.defaults("1", "2", "3");
        net.elect("1");
        long term = net.raft("1").term();

        net.isolate("1");
        net.tick("1", 20);

        assertThat(net.raft("1").role()).isEqualTo(Role.FOLLOWER);
        assertThat(net.raft("1").term()).as("stepping down does not start a term").isEqualTo(term);
    }

    /**
     * A leader that keeps hearing from a majority stays leader, even with a member unreachable.
     * (thesis §6.2)
     */
    @Test
    void leaderHearingFromMajorityStaysLeader() {
        TestNetwork net = TestNetwork.defaults("1", "2", "3");
        net.elect("1");
        long term = net.raft("1").term();

        net.isolate("3");
        net.tickAll(60);

        assertThat(net.raft("1").role()).isEqualTo(Role.LEADER);
        assertThat(net.raft("1").term()).isEqualTo(term);
    }

    /**
     * A server that receives a RequestVote within the minimum election timeout of hearing from a
     * current leader neither updates its term nor grants its vote. (thesis §4.2.3, §6.2)
     */
    @Test
    void followerHearingFromLeaderIgnoresVoteRequestWithHigherTerm() {
        TestNetwork net = TestNetwork.defaults("1", "2", "3");
        net.elect("1");
        long term = net.raft("1").term();

        net.node("2").step(new VoteRequest("3", "2", term + 1, 100, term, false, false));
        net.node("2").step(new VoteRequest("3", "2", term + 1, 100, term, true, false));

        assertThat(net.node("2").drain()).filteredOn(VoteResponse.class::isInstance)
                .map(VoteResponse.class::cast).noneMatch(VoteResponse::granted);
        assertThat(net.raft("2").term()).isEqualTo(term);
        assertThat(net.raft("2").leader()).isEqualTo("1");
    }

    /**
     * The lease ends with the election timeout: a follower that stops hearing from the leader votes
     * again. (thesis §6.2)
     */
    @Test
    void followerVotesAgainOnceLeaderIsSilentForAnElectionTimeout() {
        TestNetwork net = TestNetwork.defaults("1", "2", "3");
        net.elect("1");
        long term = net.raft("1").term();

        net.isolate("1");
        net.tickAll(60);

        assertThat(net.leader()).isIn("2", "3");
        assertThat(net.raft(net.leader()).term()).isGreaterThan(term);
    }

    /**
     * Only voters make up the quorum a leader must hear from: a learner's answers do not keep it in
     * power. (thesis §6.2, §4.2.1)
     */
    @Test
    void learnerContactDoesNotKeepLeaderInPower() {
        TestNetwork net = TestNetwork.defaults("1", "2", "3");
        net.add(RaftHarness.joining(RaftHarness.defaults("4")));
        net.elect("1");
        net.raft("1").proposeConfChange(new ConfChange(ConfChange.Type.ADD_LEARNER, "4", null));
        net.stabilize();
        assertThat(net.raft("1").status().conf().learners()).containsExactly("4");

        net.isolate("2");
        net.isolate("3");
        net.tick("1", 20);

        assertThat(net.raft("1").role()).isEqualTo(Role.FOLLOWER);
    }
}
