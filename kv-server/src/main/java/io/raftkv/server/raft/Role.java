package io.raftkv.server.raft;

/** A node's role in its current term (Raft §5.1, PreVote from thesis §9.6). */
public enum Role {
    FOLLOWER, PRE_CANDIDATE, CANDIDATE, LEADER
}
