package io.raftkv.server.raft;

import io.raftkv.server.raft.message.AppendResponse;
import io.raftkv.server.raft.message.ConfChange;
import io.raftkv.server.raft.message.ConfState;
import io.raftkv.server.raft.message.Message;
import io.raftkv.server.raft.message.VoteRequest;
import io.raftkv.server.raft.message.VoteResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.raftkv.server.raft.RaftHarness.classic;
import static io.raftkv.server.raft.RaftHarness.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One-server membership changes and learners (thesis §4.1, §4.2). */
class MembershipTest {

    private static ConfChange change(ConfChange.Type type, String id) {
        return new ConfChange(type, id, null);
    }

    private static void assertRefused(Runnable call, RaftException.Reason reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(RaftException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    /**
     * Voters 1–3 led by "1", plus "4" joining as a learner, caught up and with the change applied
     * everywhere.
     */
    private static TestNetwork clusterWithLearner() {
        TestNetwork net = TestNetwork.classic("1", "2", "3");
        net.add(RaftHarness.joining(classic("4")));
        net.elect("1");
        net.raft("1").proposeConfChange(change(ConfChange.Type.ADD_LEARNER, "4"));
        net.stabilize();
        net.tick("1", 2);
        return net;
    }

    /**
     * A new server joins as a non-voting member (a learner): the leader replicates the log to it
     * while it does not count for elections or commitment. (thesis §4.2.1)
     */
    @Test
    void learnerReceivesTheLog() {
        TestNetwork net = clusterWithLearner();

        assertThat(net.node("4").storedLog()).isEqualTo(net.node("1").storedLog());
        for (String id : List.of("1", "2", "3")) {
            assertThat(net.raft(id).status().conf()).isEqualTo(new ConfState(Set.of("1", "2", "3"), Set.of("4")));
        }
        assertThat(net.raft("1").status().progress().get("4").learner()).isTrue();
    }

    /**
     * A server always uses the latest configuration in its log, so a server that joined knows the
     * whole configuration once it has caught up, not only the changes it replayed. (thesis §4.1)
     */
    @Test
    void joiningServerLearnsTheWholeConfiguration() {
        TestNetwork net = clusterWithLearner();

        assertThat(net.raft("4").status().conf()).isEqualTo(new ConfState(Set.of("1", "2", "3"), Set.of("4")));
    }

    /**
     * Election Safety with a promoted joiner: after "4" becomes the fourth voter it needs three
     * votes, so cut off from the others it can never become leader. (Raft §5.2, thesis §4.1)
     */
    @Test
    void promotedJoinerCannotBecomeLeaderWithoutAMajority() {
        TestNetwork net = clusterWithLearner();
        net.raft("1").proposeConfChange(change(ConfChange.Type.ADD_VOTER, "4"));
        net.stabilize();
        net.tick("1", 2);
        assertThat(net.node("4").appliedEntries()).as("4 applied the whole log, its promotion included")
                .isEqualTo(net.node("1").storedLog());
        assertThat(net.raft("4").status().conf()).isEqualTo(ConfState.ofVoters("1", "2", "3", "4"));

        net.isolate("4");
        net.tick("4", 50);

        assertThat(net.raft("4").role()).as("role of 4, whose membership is %s", net.raft("4").status().conf())
                .isNotEqualTo(Role.LEADER);
        assertThat(net.node("4").lastIndex()).isEqualTo(net.node("1").lastIndex());
    }

    /** A learner's copy does not count towards the majority that commits an entry. (thesis §4.2.1) */
    @Test
    void learnerDoesNotCountForCommitment() {
        TestNetwork net = clusterWithLearner();
        long commit = net.raft("1").status().commit();
        net.isolate("2");
        net.isolate("3");

        long index = net.raft("1").propose(payload(1));
        net.stabilize();

        assertThat(net.node("4").lastIndex()).isEqualTo(index);
        assertThat(net.raft("1").status().commit()).isEqualTo(commit);
    }

    /**
     * Only voters' votes count: grants from a learner or a stranger do not make a candidate leader.
     * (thesis §4.2.1)
     */
    @Test
    void votesFromNonVotersDoNotCount() {
        TestNetwork net = clusterWithLearner();
        RaftHarness c = net.node("2");
        c.tickUntil(r -> r.role() == Role.CANDIDATE, 21);
        c.drain();
        long term = c.raft().term();

        c.step(new VoteResponse("4", "2", term, false, true));
        c.step(new VoteResponse("9", "2", term, false, true));

        assertThat(c.raft().role()).isEqualTo(Role.CANDIDATE);
    }

    /** Learners do not vote, so they never campaign either. (thesis §4.2.1) */
    @Test
    void learnerNeverCampaigns() {
        TestNetwork net = clusterWithLearner();
        net.clearSent();

        net.tick("4", 100);

        assertThat(net.raft("4").role()).isEqualTo(Role.FOLLOWER);
        assertThat(net.sent(VoteRequest.class)).isEmpty();
    }

    /** A server outside the configuration never starts an election: it waits to be added. (thesis §4.2.1) */
    @Test
    void nodeOutsideTheConfigurationNeverCampaigns() {
        RaftHarness h = RaftHarness.joining(classic("9"));
        for (int i = 0; i < 100; i++) {
            h.tick();
        }

        List<Message> out = h.drain();

        assertThat(out).isEmpty();
        assertThat(h.raft().role()).isEqualTo(Role.FOLLOWER);
        assertThat(h.raft().term()).isZero();
    }

    /**
     * A configuration entry takes effect on each server by itself, without waiting for the rest of
     * the cluster; in this core, when the entry is applied (not when it is appended). (thesis §4.1)
     */
    @Test
    void changeTakesEffectWhenItsEntryIsApplied() {
        TestNetwork net = TestNetwork.classic("1", "2", "3");
        net.add(RaftHarness.joining(classic("4")));
        net.elect("1");

        net.raft("1").proposeConfChange(change(ConfChange.Type.ADD_LEARNER, "4"));
        assertThat(net.raft("1").status().conf().learners()).isEmpty();

        net.stabilize();
        assertThat(net.raft("1").status().conf().learners()).containsExactly("4");
    }

    /**
     * A leader does not begin a new configuration change until the previous one has completed.
     * (thesis §4.1)
     */
    @Test
    void secondChangeIsRefusedUntilTheFirstIsApplied() {
        TestNetwork net = TestNetwork.classic("1", "2", "3");
        net.elect("1");

        net.raft("1").proposeConfChange(change(ConfChange.Type.ADD_LEARNER, "4"));
        assertRefused(() -> net.raft("1").proposeConfChange(change(ConfChange.Type.ADD_LEARNER, "5")),
                RaftException.Reason.CONF_CHANGE_IN_PROGRESS);

        net.stabilize();
        assertThat(net.raft("1").proposeConfChange(change(ConfChange.Type.ADD_LEARNER, "5"))).isPositive();
    }

    /**
     * The fix to single-server changes: a leader may not append a configuration entry until it has
     * committed an entry of its own term. (thesis §4.1; D. Ongaro, raft-dev, "bug in single-server
     * membership changes", 2015)
     */
    @Test
    void changeIsRefusedBeforeLeaderCommitsAnEntryOfItsTerm() {
        TestNetwork net = TestNetwork.classic("1", "2", "3");
        net.drop(m -> m instanceof AppendResponse);
        net.elect("1");

        assertRefused(() -> net.raft("1").proposeConfChange(change(ConfChange.Type.ADD_LEARNER, "4")),
                RaftException.Reason.CONF_CHANGE_IN_PROGRESS);
    }

    /**
     * A new server is promoted only once it has caught up, so that it does not stall commitment
     * while it receives the log. (thesis §4.2.1)
     */
    @Test
    void promotingLaggingLearnerIsRefusedUntilItCatchesUp() {
        TestNetwork net = clusterWithLearner();
        net.isolate("4");
        for (int i = 0; i < 3; i++) {
            net.raft("1").propose(payload(1));
        }
        net.stabilize();

        assertRefused(() -> net.raft("1").proposeConfChange(change(ConfChange.Type.ADD_VOTER, "4")),
                RaftException.Reason.INVALID_REQUEST);

        net.recover();
        net.tick("1", 3);
        net.raft("1").proposeConfChange(change(ConfChange.Type.ADD_VOTER, "4"));
        net.stabilize();
        assertThat(net.raft("1").status().conf().voters()).containsExactly("1", "2", "3", "4");
    }

    /**
     * Once a learner is promoted, a majority of four voters is three: two servers no longer commit.
     * (thesis §4.1)
     */
    @Test
    void promotedVoterCountsInTheMajority() {
        TestNetwork net = clusterWithLearner();
        net.raft("1").proposeConfChange(change(ConfChange.Type.ADD_VOTER, "4"));
        net.stabilize();
        long commit = net.raft("1").status().commit();
        net.isolate("3");
        net.isolate("4");

        net.raft("1").propose(payload(1));
        net.stabilize();

        assertThat(net.raft("1").status().commit()).isEqualTo(commit);
    }

    /**
     * A removed voter no longer counts: after removing "4" of four voters, two of three commit.
     * (thesis §4.1)
     */
    @Test
    void removedVoterNoLongerCountsInTheMajority() {
        TestNetwork net = TestNetwork.classic("1", "2", "3", "4");
        net.elect("1");
        net.raft("1").proposeConfChange(change(ConfChange.Type.REMOVE_NODE, "4"));
        net.stabilize();
        net.isolate("3");
        net.isolate("4");

        long index = net.raft("1").propose(payload(1));
        net.stabilize();

        assertThat(net.raft("1").status().commit()).isEqualTo(index);
    }

    /**
     * A leader removed from the configuration steps down once the change is committed; the
     * remaining servers then elect a leader among themselves, and the removed server never
     * campaigns again. (thesis §4.2.2)
     */
    @Test
    void removedLeaderStepsDownAndTheRestElectANewLeader() {
        TestNetwork net = TestNetwork.classic("1", "2", "3");
        net.elect("1");

        net.raft("1").proposeConfChange(change(ConfChange.Type.REMOVE_NODE, "1"));
        net.stabilize();
        assertThat(net.raft("1").role()).isEqualTo(Role.FOLLOWER);
        net.clearSent();

        net.tickAll(60);

        assertThat(net.leader()).isIn("2", "3");
        assertThat(net.raft(net.leader()).status().conf()).isEqualTo(ConfState.ofVoters("2", "3"));
        assertThat(net.sent(VoteRequest.class)).noneMatch(v -> v.from().equals("1"));
        assertThat(net.raft("1").role()).isEqualTo(Role.FOLLOWER);
    }
}
