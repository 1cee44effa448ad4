package io.raftkv.server.raft.message;

/**
 * A message between two Raft nodes. Every message carries its sender's term, which the receiver
 * compares with its own before anything else (Raft §5.1).
 */
public sealed interface Message
        permits VoteRequest, VoteResponse, AppendRequest, AppendResponse, HeartbeatRequest,
                HeartbeatResponse, InstallSnapshot, TimeoutNow, ReadIndexRequest, ReadIndexResponse {
    String from();

    String to();

    long term();
}
