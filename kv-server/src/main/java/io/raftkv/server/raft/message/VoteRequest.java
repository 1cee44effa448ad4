package io.raftkv.server.raft.message;

/**
 * RequestVote (Raft §5.2), or its PreVote probe (thesis §9.6) when {@code preVote} is set: a
 * pre-vote carries the term the sender would campaign in, without having moved to it.
 * {@code transfer} marks a campaign started by TimeoutNow, which voters grant even while they
 * believe a leader is alive (thesis §3.10).
 */
public record VoteRequest(String from, String to, long term, long lastLogIndex, long lastLogTerm,
                          boolean preVote, boolean transfer) implements Message {
}
