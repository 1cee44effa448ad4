package io.raftkv.server.sim;

import io.raftkv.server.raft.message.ConfChange;
import io.raftkv.server.raft.message.ConfState;

/**
 * An operator's membership change, one server at a time (thesis §4.1), pushed through whichever
 * node leads: optionally add {@code joiner} as a learner, then promote it to voter; optionally
 * remove {@code leaving} (possibly the leader) and shut it down once its removal is committed.
 * A proposal can be lost with its leader, so each step is re-proposed until the committed
 * configuration shows it.
 */
final class MembershipChange {
    private static final long RETRY = 100 * EventQueue.MS;
    private static final long RETIRE_GRACE = 300 * EventQueue.MS;

    private enum Step { ADD_LEARNER, ADD_VOTER, REMOVE, RETIRE, DONE }

    private final Cluster cluster;
    private final String joiner;
    private final String leaving;
    private Step step;

    /** @param joiner a new node's id, or null; @param leaving a member's id, or null */
    MembershipChange(Cluster cluster, String joiner, String leaving) {
        this.cluster = cluster;
        this.joiner = joiner;
        this.leaving = leaving;
        this.step = joiner != null ? Step.ADD_LEARNER : Step.REMOVE;
    }

    void start() {
        cluster.trace.record(null, "membership change", "add " + joiner + ", remove " + leaving);
        if (joiner != null) {
            cluster.addNode(joiner);
        }
        drive();
    }

    boolean done() {
        return step == Step.DONE;
    }

    private void drive() {
        ConfState conf = cluster.invariants.committedConf();
        switch (step) {
            case ADD_LEARNER -> {
                if (conf.isMember(joiner)) {
                    step = Step.ADD_VOTER;
                    drive();
                    return;
                }
                propose(new ConfChange(ConfChange.Type.ADD_LEARNER, joiner, null));
            }
            case ADD_VOTER -> {
                if (conf.isVoter(joiner)) {
                    step = leaving != null ? Step.REMOVE : Step.DONE;
                    drive();
                    return;
                }
                propose(new ConfChange(ConfChange.Type.ADD_VOTER, joiner, null));
            }
            case REMOVE -> {
                if (!conf.isMember(leaving)) {
                    step = Step.RETIRE;
                    cluster.clock.after(RETIRE_GRACE, () -> {
                        cluster.retire(leaving);
                        step = Step.DONE;
                    });
                    return;
                }
                propose(new ConfChange(ConfChange.Type.REMOVE_NODE, leaving, null));
            }
            case RETIRE, DONE -> {
                return;
            }
        }
        cluster.clock.after(RETRY, this::drive);
    }

    private void propose(ConfChange change) {
        String leader = cluster.leader();
        if (leader != null) {
            cluster.node(leader).proposeConfChange(change);
        }
    }
}
