package io.raftkv.server.raft.message;

/**
 * The answer to an {@link AppendRequest} or an {@link InstallSnapshot}.
 *
 * <p>On success {@code index} is the highest index the follower now holds durably that matches
 * the leader. On rejection {@code index} is the rejected {@code prevLogIndex}, and
 * {@code hintIndex}/{@code hintTerm} name the follower's last entry at or below it whose term is
 * at most the leader's {@code prevLogTerm}, so the leader can skip a whole conflicting term in
 * one round trip (Raft §5.3, "the follower can include the term of the conflicting entry").
 */
public record AppendResponse(String from, String to, long term, boolean success, long index,
                             long hintIndex, long hintTerm) implements Message {
}
