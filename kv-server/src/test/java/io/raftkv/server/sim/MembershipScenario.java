package io.raftkv.server.sim;

import static io.raftkv.server.sim.EventQueue.SECOND;
import static io.raftkv.server.sim.Scenarios.awaitStableLeader;
import static io.raftkv.server.sim.Scenarios.expect;
import static io.raftkv.server.sim.Scenarios.othersThan;

/** Membership changes under client load: add a node, remove a follower, remove the leader. */
final class MembershipScenario {
    private static final long STEP_DEADLINE = 10 * SECOND;

    private MembershipScenario() {
    }

    static boolean addAndRemoveMembers(Cluster c) {
        c.start();
        c.startClients();
        awaitStableLeader(c, 3 * SECOND);
        int size = c.memberIds().size();

        String joiner = "n" + (size + 1);
        change(c, joiner, null);
        expect(c.invariants.committedConf().isVoter(joiner) && c.memberIds().size() == size + 1,
                joiner + " did not become a voter: " + c.invariants.committedConf());
        expect(c.node(joiner).applied() > 0, joiner + " applied nothing");

        String leader = awaitStableLeader(c, Liveness.LEADER_DEADLINE);
        String follower = othersThan(c, leader, joiner).getFirst();
        change(c, null, follower);
        expect(!c.invariants.committedConf().isMember(follower), follower + " is still a member");

        String oldLeader = awaitStableLeader(c, Liveness.LEADER_DEADLINE);
        change(c, null, oldLeader);
        String newLeader = awaitStableLeader(c, Liveness.LEADER_DEADLINE);
        expect(!newLeader.equals(oldLeader), "the removed leader " + oldLeader + " still leads");
        expect(c.memberIds().size() == size - 1, "members are " + c.memberIds());
        c.runFor(SECOND);
        return Liveness.healAndCheck(c, null);
    }

    private static void change(Cluster c, String joiner, String leaving) {
        MembershipChange change = new MembershipChange(c, joiner, leaving);
        change.start();
        expect(c.runUntil(change::done, STEP_DEADLINE), "membership change (add " + joiner + ", remove " + leaving
                + ") did not finish:\n" + c.describe());
    }
}
