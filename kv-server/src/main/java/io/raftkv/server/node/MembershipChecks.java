package io.raftkv.server.node;

import io.raftkv.server.raft.RaftStatus;
import io.raftkv.server.raft.message.ConfChange;
import io.raftkv.server.raft.message.ConfState;

import java.util.Set;
import java.util.function.Predicate;

/**
 * What the leader checks before it proposes a membership change, so a refusal names its reason
 * with its own error code; the core checks again ({@code MembershipRules}) as a last line.
 * "Active" is a member the leader heard from within the last election timeout. Quorum checks follow etcd's strict reconfiguration check, plus one: the change itself
 * must be able to commit without the node it removes, since a change commits under the old
 * membership (one server at a time, thesis §4.1).
 */
final class MembershipChecks {
    private MembershipChecks() {
    }

    /**
     * Why the leader whose view is {@code status} should not propose {@code change} (an add of
     * {@code member}, or, if that is null, a promotion or removal), or null if it may. {@code force} skips only the quorum checks.
     */
    static NodeException problem(ConfChange change, Member member, boolean force, RaftStatus status,
                                 MemberDirectory directory, Predicate<String> active) {
        ConfState conf = status.conf();
        String id = change.nodeId();
        NodeException problem = switch (change.type()) {
            case ADD_LEARNER -> addProblem(member, conf, directory);
            case ADD_VOTER -> member != null ? addProblem(member, conf, directory)
                    : conf.isLearner(id) ? promoteProblem(id, status, active.test(id))
                    : conf.isVoter(id) ? exists(id, "a voter")
                    : new NodeException(NodeException.Code.MEMBER_NOT_FOUND, id + " is not a member, so it cannot be"
                            + " promoted; add it as a learner first");
            case REMOVE_NODE -> conf.isMember(id) ? null
                    : new NodeException(NodeException.Code.MEMBER_NOT_FOUND, id + " is not a member of the cluster");
        };
        if (problem != null || force) {
            return problem;
        }
        return quorumProblem(change, status, active);
    }

    private static NodeException addProblem(Member member, ConfState conf, MemberDirectory directory) {
        if (conf.isMember(member.id())) {
            return exists(member.id(), conf.isVoter(member.id()) ? "a voter" : "a learner");
        }
        for (String other : conf.members()) {
            Member m = directory.get(other);
            if (m != null && (m.http().equals(member.http()) || m.raft().equals(member.raft()))) {
                return new NodeException(NodeException.Code.INVALID_REQUEST, "member " + other + " already uses "
                        + (m.http().equals(member.http()) ? member.http() : member.raft()));
            }
        }
        return null;
    }

    private static NodeException exists(String id, String what) {
        return new NodeException(NodeException.Code.MEMBER_EXISTS, id + " is already " + what);
    }

    private static NodeException promoteProblem(String id, RaftStatus status, boolean active) {
        RaftStatus.PeerProgress p = status.progress().get(id);
        if (p == null || !active || p.match() < status.commit()) {
            return new NodeException(NodeException.Code.NOT_CAUGHT_UP, "learner " + id + " has not caught up: it holds "
                    + (p == null ? 0 : p.match()) + " of " + status.commit() + " committed entries"
                    + (active ? "" : " and has not answered recently")
                    + "; promote it once its lag on /api/v1/cluster/status is near 0");
        }
        return null;
    }

    /**
     * A new voter must leave the enlarged membership a quorum of active voters (the new one counts
     * once it answered); removing a voter must leave the old membership's quorum without it.
     */
    private static NodeException quorumProblem(ConfChange change, RaftStatus status, Predicate<String> isActive) {
        Set<String> voters = status.conf().voters();
        String id = change.nodeId();
        long active = voters.stream().filter(isActive).count();
        return switch (change.type()) {
            case ADD_LEARNER -> null;
            case ADD_VOTER -> {
                long activeAfter = active + (isActive.test(id) ? 1 : 0);
                yield activeAfter >= quorum(voters.size() + 1) ? null : atRisk("adding voter " + id + " makes "
                        + (voters.size() + 1) + " voters, whose quorum is " + quorum(voters.size() + 1) + ", but only "
                        + activeAfter + " of them are active");
            }
            case REMOVE_NODE -> {
                if (!voters.contains(id)) {
                    yield null;
                }
                long othersActive = active - (isActive.test(id) ? 1 : 0);
                yield othersActive >= quorum(voters.size()) ? null : atRisk("removing voter " + id
                        + " is a change the " + voters.size() + " voters commit with a quorum of " + quorum(voters.size())
                        + ", but only " + othersActive + " voters other than " + id + " are active, so the cluster"
                        + " would stall should " + id + " fail before the change commits");
            }
        };
    }

    private static int quorum(int voters) {
        return voters / 2 + 1;
    }

    private static NodeException atRisk(String why) {
        return new NodeException(NodeException.Code.QUORUM_AT_RISK, why + "; add ?force=true to change it anyway");
    }
}
