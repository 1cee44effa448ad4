package io.raftkv.server.raft.message;

/** The answer to a {@link VoteRequest}; a granted pre-vote carries the probed term. */
public record VoteResponse(String from, String to, long term, boolean preVote, boolean granted)
        implements Message {
}
