package io.raftkv.server.node;

import io.raftkv.server.raft.Role;

/**
 * What the driver last published about itself, readable from any thread without a hop.
 *
 * @param role    the core's role, or null once the node stopped
 * @param term    the current term
 * @param leader  the leader's id, or null while none is known
 * @param applied the state machine's applied index
 */
record NodeView(Role role, long term, String leader, long applied) {
    static final NodeView STOPPED = new NodeView(null, 0, null, 0);

    boolean sameLeadership(NodeView other) {
        return role == other.role && term == other.term && java.util.Objects.equals(leader, other.leader);
    }
}
