package io.raftkv.server.raft;

import io.raftkv.server.raft.message.TimeoutNow;
import io.raftkv.server.raft.message.VoteRequest;
import io.raftkv.server.raft.message.VoteResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.raftkv.server.raft.RaftHarness.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Leadership transfer (thesis §3.10), with the production defaults (PreVote and CheckQuorum on). */
class LeadershipTransferTest {

    private static TestNetwork cluster() {
        TestNetwork net = TestNetwork.defaults("1", "2", "3");
        net.elect("1");
        return net;
    }

    /**
     * Once the target is caught up, the prior leader sends it TimeoutNow, which acts like the
     * target's election timer firing: the target starts an election in the next term at once, and
     * wins it. (thesis §3.10)
     */
    @Test
    void caughtUpTargetReceivesTimeoutNowAndWinsTheNextTerm() {
        TestNetwork net = cluster();
        long term = net.raft("1").term();

        net.raft("1").transferLeadership("2");
        net.stabilize();

        assertThat(net.sent(TimeoutNow.class)).containsExactly(new TimeoutNow("1", "2", term));
        assertThat(net.sent(VoteRequest.class)).filteredOn(v -> v.term() > term)
                .isNotEmpty().allMatch(v -> v.from().equals("2") && v.transfer() && !v.preVote());
        assertThat(net.leader()).isEqualTo("2");
        assertThat(net.raft("2").term()).isEqualTo(term + 1);
        assertThat(net.raft("1").role()).isEqualTo(Role.FOLLOWER);
    }

    /**
     * A transfer campaign is exempt from the leader lease of CheckQuorum: a voter grants it although
     * it has just heard from the current leader. (thesis §4.2.3, §3.10)
     */
    @Test
    void voterInLeaderLeaseGrantsTransferCampaign() {
        TestNetwork net = cluster();
        long term = net.raft("1").term();
        long last = net.node("3").lastIndex();

        net.node("3").step(new VoteRequest("2", "3", term + 1, last, term, false, true));

        assertThat(net.node("3").drain()).contains(new VoteResponse("3", "2", term + 1, false, true));
        assertThat(net.raft("3").term()).isEqualTo(term + 1);
    }

    /**
     * While the transfer is under way the prior leader stops accepting new client requests.
     * (thesis §3.10)
     */
    @Test
    void leaderRefusesProposalsWhileTransferring() {
        TestNetwork net = cluster();
        net.isolate("2");
        net.raft("1").propose(payload(3));
        net.stabilize();

        net.raft("1").transferLeadership("2");

        assertThatThrownBy(() -> net.raft("1").propose(payload(3)))
                .isInstanceOfSatisfying(RaftException.class,
                        e -> assertThat(e.reason()).isEqualTo(RaftException.Reason.TRANSFERRING_LEADERSHIP));
    }

    /**
     * The prior leader first brings the target's log up to date, and only then sends TimeoutNow.
     * (thesis §3.10)
     */
    @Test
    void leaderSendsTimeoutNowOnlyOnceTargetHasItsWholeLog() {
        TestNetwork net = cluster();
        net.isolate("2");
        net.raft("1").propose("x=1".getBytes(StandardCharsets.UTF_8));
        net.raft("1").propose("x=2".getBytes(StandardCharsets.UTF_8));
        net.stabilize();
        net.raft("1").transferLeadership("2");
        net.stabilize();
        assertThat(net.sent(TimeoutNow.class)).isEmpty();

        List<Long> targetLastIndexAtTimeoutNow = new ArrayList<>();
        long leaderLast = net.node("1").lastIndex();
        net.afterDeliver(m -> {
            if (m instanceof TimeoutNow) {
                targetLastIndexAtTimeoutNow.add(net.node("2").lastIndex());
            }
        });
        net.recover();
        net.tick("1", 3);

        assertThat(targetLastIndexAtTimeoutNow).containsExactly(leaderLast);
        assertThat(net.leader()).isEqualTo("2");
    }

    /**
     * A transfer that does not complete within an election timeout is aborted, and the prior
     * leader accepts client requests again. (thesis §3.10)
     */
    @Test
    void transferToUnreachableTargetIsAbortedAfterAnElectionTimeout() {
        TestNetwork net = cluster();
        net.isolate("2");
        net.raft("1").transferLeadership("2");

        net.tick("1", 10);

        assertThat(net.raft("1").role()).isEqualTo(Role.LEADER);
        assertThat(net.raft("1").propose(payload(3))).isPositive();
    }
}
