package io.raftkv.server.http;

/**
 * Every error code the API answers with, and its HTTP status. docs/api.md lists the same table;
 * clients branch on the code, never on the message.
 */
enum ErrorCode {
    INVALID_KEY(400, false),
    INVALID_PARAMETER(400, false),
    INVALID_REQUEST(400, false),
    KEY_NOT_FOUND(404, false),
    MEMBER_NOT_FOUND(404, false),
    NOT_FOUND(404, false),
    METHOD_NOT_ALLOWED(405, false),
    MEMBERSHIP_CHANGE_IN_PROGRESS(409, true),
    MEMBER_EXISTS(409, false),
    LEARNER_NOT_CAUGHT_UP(409, true),
    QUORUM_AT_RISK(409, false),
    PRECONDITION_FAILED(412, false),
    VALUE_TOO_LARGE(413, false),
    INTERNAL(500, false),
    NO_LEADER(503, true),
    OVERLOADED(503, true),
    READ_TIMEOUT(503, true),
    LEADER_UNREACHABLE(503, true),
    SHUTTING_DOWN(503, false),
    NOT_TRANSFERRED(503, true),
    OUTCOME_UNKNOWN(504, false);

    private final int status;
    private final boolean retryAfter;

    ErrorCode(int status, boolean retryAfter) {
        this.status = status;
        this.retryAfter = retryAfter;
    }

    int status() {
        return status;
    }

    /** Whether the answer carries {@code Retry-After: 1}: the same request is likely to succeed soon. */
    boolean retryAfter() {
        return retryAfter;
    }
}
