package io.raftkv.server.raft.message;

/** The leader's confirmed read index for a follower's request; {@code index < 0} means refused. */
public record ReadIndexResponse(String from, String to, long term, long requestId, long index)
        implements Message {
}
