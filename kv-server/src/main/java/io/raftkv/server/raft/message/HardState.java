package io.raftkv.server.raft.message;

/** What a node must persist before it answers anyone: its term, its vote and the commit index. */
public record HardState(long term, String votedFor, long commit) {
    public static final HardState INITIAL = new HardState(0, null, 0);
}
