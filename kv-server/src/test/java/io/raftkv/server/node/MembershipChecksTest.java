package io.raftkv.server.node;

import io.raftkv.server.raft.RaftStatus;
import io.raftkv.server.raft.Role;
import io.raftkv.server.raft.message.ConfChange;
import io.raftkv.server.raft.message.ConfState;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The leader's checks before a membership change: quorum safety (etcd's strict reconfig check) and sense. */
class MembershipChecksTest {
    private static final long COMMIT = 100;

    private static Member member(String id) {
        int n = id.charAt(id.length() - 1) - '0';
        return new Member(id, URI.create("http://127.0.0.1:808" + n), URI.create("http://127.0.0.1:900" + n));
    }

    /** A leader n1's view: {@code voters} and {@code learners}, each peer matched up to {@code match}. */
    private static RaftStatus leaderView(Set<String> voters, Set<String> learners, long match) {
        Map<String, RaftStatus.PeerProgress> progress = new LinkedHashMap<>();
        ConfState conf = new ConfState(voters, learners);
        for (String id : conf.members()) {
            progress.put(id, new RaftStatus.PeerProgress(id.equals("n1") ? COMMIT : match, COMMIT + 1, "REPLICATE",
                    true, learners.contains(id)));
        }
        return new RaftStatus("n1", Role.LEADER, 2, "n1", COMMIT, COMMIT, 1, COMMIT, conf, progress);
    }

    private static NodeException.Code problem(ConfChange.Type type, String id, boolean add, boolean force,
                                              RaftStatus status, Predicate<String> active) {
        MemberDirectory directory = new MemberDirectory(List.of(member("n1"), member("n2"), member("n3"), member("n4")));
        NodeException e = MembershipChecks.problem(new ConfChange(type, id, null), add ? member(id) : null, force, status,
                directory, active);
        return e == null ? null : e.code();
    }

    private static Predicate<String> allBut(String... dead) {
        return id -> !Set.of(dead).contains(id);
    }

    @Test
    void removingAVoterFromTwoVotersIsAtRiskUnlessForced() {
        RaftStatus two = leaderView(Set.of("n1", "n2"), Set.of(), COMMIT);

        assertThat(problem(ConfChange.Type.REMOVE_NODE, "n2", false, false, two, allBut()))
                .isEqualTo(NodeException.Code.QUORUM_AT_RISK);
        assertThat(problem(ConfChange.Type.REMOVE_NODE, "n2", false, true, two, allBut())).isNull();
    }

    @Test
    void removingAVoterNeedsTheOldQuorumWithoutIt() {
        RaftStatus three = leaderView(Set.of("n1", "n2", "n3"), Set.of(), COMMIT);

        assertThat(problem(ConfChange.Type.REMOVE_NODE, "n3", false, false, three, allBut())).isNull();
        assertThat(problem(ConfChange.Type.REMOVE_NODE, "n3", false, false, three, allBut("n3")))
                .as("removing the dead one leaves two active of three").isNull();
        assertThat(problem(ConfChange.Type.REMOVE_NODE, "n2", false, false, three, allBut("n3")))
                .isEqualTo(NodeException.Code.QUORUM_AT_RISK);
    }

    @Test
    void aNewVoterNeedsAnActiveQuorumOfTheEnlargedMembership() {
        RaftStatus three = leaderView(Set.of("n1", "n2", "n3"), Set.of(), COMMIT);

        assertThat(problem(ConfChange.Type.ADD_VOTER, "n4", true, false, three, allBut("n4"))).isNull();
        assertThat(problem(ConfChange.Type.ADD_VOTER, "n4", true, false, three, allBut("n3", "n4")))
                .isEqualTo(NodeException.Code.QUORUM_AT_RISK);
        assertThat(problem(ConfChange.Type.ADD_LEARNER, "n4", true, false, three, allBut("n3", "n4")))
                .as("a learner never counts").isNull();
    }

    @Test
    void aLearnerIsPromotedOnlyOnceItHoldsEveryCommittedEntryAndAnswers() {
        assertThat(problem(ConfChange.Type.ADD_VOTER, "n4", false, false,
                leaderView(Set.of("n1", "n2", "n3"), Set.of("n4"), COMMIT - 1), allBut()))
                .isEqualTo(NodeException.Code.NOT_CAUGHT_UP);
        assertThat(problem(ConfChange.Type.ADD_VOTER, "n4", false, false,
                leaderView(Set.of("n1", "n2", "n3"), Set.of("n4"), COMMIT), allBut("n4")))
                .isEqualTo(NodeException.Code.NOT_CAUGHT_UP);
        assertThat(problem(ConfChange.Type.ADD_VOTER, "n4", false, false,
                leaderView(Set.of("n1", "n2", "n3"), Set.of("n4"), COMMIT), allBut())).isNull();
    }

    @Test
    void changesThatMakeNoSenseAreNamed() {
        RaftStatus three = leaderView(Set.of("n1", "n2", "n3"), Set.of(), COMMIT);

        assertThat(problem(ConfChange.Type.ADD_LEARNER, "n2", true, true, three, allBut()))
                .isEqualTo(NodeException.Code.MEMBER_EXISTS);
        assertThat(problem(ConfChange.Type.ADD_VOTER, "n2", false, true, three, allBut()))
                .as("promoting a voter").isEqualTo(NodeException.Code.MEMBER_EXISTS);
        assertThat(problem(ConfChange.Type.ADD_VOTER, "n4", false, true, three, allBut()))
                .as("promoting a stranger").isEqualTo(NodeException.Code.MEMBER_NOT_FOUND);
        assertThat(problem(ConfChange.Type.REMOVE_NODE, "n4", false, true, three, allBut()))
                .isEqualTo(NodeException.Code.MEMBER_NOT_FOUND);
        NodeException clash = MembershipChecks.problem(new ConfChange(ConfChange.Type.ADD_LEARNER, "n5", null),
                new Member("n5", member("n2").http(), URI.create("http://127.0.0.1:9005")), false, three,
                new MemberDirectory(List.of(member("n1"), member("n2"), member("n3"))), allBut());
        assertThat(clash.code()).isEqualTo(NodeException.Code.INVALID_REQUEST);
        assertThat(clash.getMessage()).contains("n2").contains("8082");
    }
}
