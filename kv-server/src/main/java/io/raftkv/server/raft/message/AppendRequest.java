package io.raftkv.server.raft.message;

import java.util.List;

/** AppendEntries (Raft §5.3): entries after {@code prevLogIndex}, and the leader's commit index. */
public record AppendRequest(String from, String to, long term, long prevLogIndex, long prevLogTerm,
                            List<Entry> entries, long leaderCommit) implements Message {
    public AppendRequest {
        entries = List.copyOf(entries);
    }
}
