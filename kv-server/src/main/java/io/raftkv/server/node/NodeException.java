package io.raftkv.server.node;

/**
 * A request the node could not carry out, with what the caller should do about it. The HTTP layer
 * maps each {@link Code} to one status and error code.
 */
public final class NodeException extends RuntimeException {
    /** Why the request failed. */
    public enum Code {
        /** This node is not the leader; {@link #leader()} names the leader (forward or redirect there). */
        NOT_LEADER,
        /** No leader is known right now (election in progress); retry shortly. */
        NO_LEADER,
        /** The write was proposed but did not apply within the write timeout: it may or may not take effect. */
        OUTCOME_UNKNOWN,
        /** The leader has too much uncommitted data, or too many queued requests; retry shortly. */
        OVERLOADED,
        /** A linearizable read could not be confirmed within the read timeout; nothing changed. */
        READ_TIMEOUT,
        /** The node is shutting down. */
        STOPPED,
        /** The request cannot be carried out as asked (a leadership transfer to a node that is not a voter). */
        INVALID_REQUEST,
        /** A leadership transfer did not finish within two election timeouts; this node may still lead. */
        NOT_TRANSFERRED,
        /** Another membership change is in flight (one at a time); retry once it applied. */
        CHANGE_IN_PROGRESS,
        /** The node to add is a member already. */
        MEMBER_EXISTS,
        /** The node to remove or promote is not a member. */
        MEMBER_NOT_FOUND,
        /** The learner to promote has not caught up with the leader's log. */
        NOT_CAUGHT_UP,
        /** The membership change could leave the cluster without a quorum; it may be forced. */
        QUORUM_AT_RISK
    }

    private final Code code;
    private final Member leader;

    public NodeException(Code code, Member leader, String message) {
        super(message);
        this.code = code;
        this.leader = leader;
    }

    public NodeException(Code code, String message) {
        this(code, null, message);
    }

    public Code code() {
        return code;
    }

    /** The leader as this node knows it, or null. */
    public Member leader() {
        return leader;
    }
}
