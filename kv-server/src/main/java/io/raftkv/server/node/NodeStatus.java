package io.raftkv.server.node;

import java.util.List;

/**
 * One node's view of the cluster at one moment, for {@code /api/v1/cluster/status} and health.
 *
 * @param id      this node's id
 * @param role    leader, follower, pre-candidate or candidate (lower case)
 * @param term    the current term
 * @param leader  the leader as this node knows it, or null
 * @param commit  the commit index
 * @param applied the applied index
 * @param members every member; matchIndex and lag are known only on the leader (else -1)
 * @param mirror  in dual mode, how far the mirror store is; else null
 */
public record NodeStatus(String id, String role, long term, Member leader, long commit, long applied,
                         List<MemberStatus> members, MirrorStatus mirror) {
    public NodeStatus {
        members = List.copyOf(members);
    }

    /** This status with the mirror's. */
    NodeStatus withMirror(MirrorStatus mirrorStatus) {
        return new NodeStatus(id, role, term, leader, commit, applied, members, mirrorStatus);
    }

    /** Whether this node can serve linearizable requests: it knows a leader. */
    public boolean healthy() {
        return leader != null;
    }

    /**
     * One member as this node sees it.
     *
     * @param member            its id and addresses
     * @param role              leader, follower or learner; "self"-relative roles come from this node's view
     * @param matchIndex        the highest log index known replicated on it (leader only, else -1)
     * @param lag               entries it is behind the leader's last index (leader only, else -1)
     * @param lastContactMillis milliseconds since this node last heard from it; -1 if never or for itself
     */
    public record MemberStatus(Member member, String role, long matchIndex, long lag, long lastContactMillis) {
    }
}
