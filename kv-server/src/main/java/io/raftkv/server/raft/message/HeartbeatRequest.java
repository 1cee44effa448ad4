package io.raftkv.server.raft.message;

/**
 * A leader's heartbeat (Raft §5.2). {@code commit} is never above what the follower is known to
 * hold; {@code readContext} names the newest ReadIndex round this heartbeat confirms (thesis
 * §6.4), 0 when none.
 */
public record HeartbeatRequest(String from, String to, long term, long commit, long readContext)
        implements Message {
}
