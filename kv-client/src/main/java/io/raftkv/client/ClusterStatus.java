package io.raftkv.client;

import java.util.List;
import java.util.Objects;

/**
 * One node's view of the cluster ({@code GET /api/v1/cluster/status}).
 *
 * @param nodeId the answering node's id
 * @param role {@code leader}, {@code follower}, {@code pre-candidate} or {@code candidate}
 * @param term the node's current term
 * @param leaderId the leader's id, or {@code null} while none is known
 * @param leaderUrl the leader's HTTP base URL, or {@code null} while none is known
 * @param commitIndex the node's commit index
 * @param appliedIndex the node's applied index
 * @param members the other members as this node sees them
 */
public record ClusterStatus(String nodeId, String role, long term, String leaderId, String leaderUrl,
                            long commitIndex, long appliedIndex, List<Member> members) {

    /**
     * Validates and copies.
     *
     * @param nodeId the node id
     * @param role the role
     * @param term the term
     * @param leaderId the leader id or null
     * @param leaderUrl the leader URL or null
     * @param commitIndex the commit index
     * @param appliedIndex the applied index
     * @param members the members; copied
     */
    public ClusterStatus {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(role, "role");
        members = List.copyOf(members);
    }

    /**
     * A member as the answering node sees it.
     *
     * @param id the member's id
     * @param http its HTTP base URL
     * @param role {@code leader}, {@code follower} or {@code learner}
     * @param matchIndex its match index (known on the leader only, else -1)
     * @param lag entries behind the leader's log (leader only, else -1)
     * @param lastContactMillis milliseconds since it was last heard from; -1 if never
     */
    public record Member(String id, String http, String role, long matchIndex, long lag, long lastContactMillis) {
    }
}
