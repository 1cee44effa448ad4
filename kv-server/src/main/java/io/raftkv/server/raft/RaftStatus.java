package io.raftkv.server.raft;

import io.raftkv.server.raft.message.ConfState;

import java.util.Map;

/**
 * A read-only view of a core, for status pages, logs and tests.
 *
 * @param progress the leader's view of each member (empty on other roles)
 */
public record RaftStatus(String id, Role role, long term, String leader, long commit, long applied,
                         long firstIndex, long lastIndex, ConfState conf, Map<String, PeerProgress> progress) {

    /** How far a member is known to have replicated the leader's log. */
    public record PeerProgress(long match, long next, String state, boolean recentlyActive, boolean learner) {
    }
}
