package io.raftkv.server.node;

import io.raftkv.server.raft.Role;

/**
 * What the driver last published about itself, readable from any thread without a hop.
 *
 * @param role   the core's role, or null once the node stopped
 * @param term   the current term
 * @param leader the leader's id, or null while none is known
 */
record NodeView(Role role, long term, String leader) {
    static final NodeView STOPPED = new NodeView(null, 0, null);
}
