package io.raftkv.server.raft.message;

/** InstallSnapshot (Raft §7): the leader's snapshot, for a follower behind its first log index. */
public record InstallSnapshot(String from, String to, long term, Snapshot snapshot) implements Message {
}
