package io.raftkv.server.raft;

/** A proposal, read or request the core refused; nothing was appended. */
public final class RaftException extends RuntimeException {
    /** Why the core refused. */
    public enum Reason {
        /** This node is not the leader; {@link #leaderHint()} names the leader when known. */
        NOT_LEADER,
        /** The leader has too many uncommitted bytes; retry when commits catch up. */
        TOO_MUCH_UNCOMMITTED,
        /** Leadership is being transferred; proposals resume on the new leader. */
        TRANSFERRING_LEADERSHIP,
        /** A membership change is still uncommitted, or the leader has not yet committed in its term. */
        CONF_CHANGE_IN_PROGRESS,
        /** The request makes no sense for the current membership (unknown node, lagging learner, …). */
        INVALID_REQUEST
    }

    private final Reason reason;
    private final String leaderHint;

    public RaftException(Reason reason, String leaderHint, String message) {
        super(message);
        this.reason = reason;
        this.leaderHint = leaderHint;
    }

    public Reason reason() {
        return reason;
    }

    /** The leader's id as this node knows it, or null. */
    public String leaderHint() {
        return leaderHint;
    }
}
