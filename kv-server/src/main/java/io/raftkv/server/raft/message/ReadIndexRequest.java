package io.raftkv.server.raft.message;

/** A follower asks the leader for a read index on behalf of its own read (thesis §6.4). */
public record ReadIndexRequest(String from, String to, long term, long requestId) implements Message {
}
