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
        NOT_TRANSFERRED
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
