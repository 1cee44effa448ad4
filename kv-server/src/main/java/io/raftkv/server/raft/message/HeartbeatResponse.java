package io.raftkv.server.raft.message;

/** The answer to a {@link HeartbeatRequest}, echoing its read context. */
public record HeartbeatResponse(String from, String to, long term, long readContext)
        implements Message {
}
