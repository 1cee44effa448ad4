package io.raftkv.server.raft;

import io.raftkv.server.raft.message.ConfChange;
import io.raftkv.server.raft.message.ConfState;
import io.raftkv.server.raft.tracker.Progress;
import io.raftkv.server.raft.tracker.ProgressTracker;

/** Which membership changes and transfers the leader accepts (thesis §4.1, §4.2.1, §3.10). */
final class MembershipRules {
    private MembershipRules() {
    }

    /** Why {@code change} is refused, or null if it is acceptable. */
    static String problemWith(ConfChange change, ConfState conf, ProgressTracker tracker, long commit) {
        String id = change.nodeId();
        return switch (change.type()) {
            case ADD_VOTER -> {
                if (conf.isVoter(id)) {
                    yield id + " is already a voter";
                }
                Progress p = tracker.get(id);
                if (conf.isLearner(id) && (p == null || p.match() < commit)) {
                    yield "learner " + id + " lags (it holds " + (p == null ? 0 : p.match()) + " of " + commit
                            + " committed entries); promote it once it has caught up";
                }
                yield null;
            }
            case ADD_LEARNER -> conf.isMember(id) ? id + " is already a member" : null;
            case REMOVE_NODE -> {
                if (!conf.isMember(id)) {
                    yield id + " is not a member";
                }
                yield conf.isVoter(id) && conf.voters().size() == 1 ? "cannot remove the last voter" : null;
            }
        };
    }

    /** The voter (other than {@code self}) whose log matches the leader's furthest, or null. */
    static String mostCaughtUpFollower(ConfState conf, ProgressTracker tracker, String self) {
        String best = null;
        long bestMatch = -1;
        for (String voter : conf.voters()) {
            Progress p = tracker.get(voter);
            if (!voter.equals(self) && p != null && p.match() > bestMatch) {
                best = voter;
                bestMatch = p.match();
            }
        }
        return best;
    }
}
