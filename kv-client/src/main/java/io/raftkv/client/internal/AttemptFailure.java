package io.raftkv.client.internal;

import java.time.Duration;

/**
 * Why one HTTP attempt failed, and whether the call may be retried. The cause is what the caller
 * finally sees: the network exception, or the {@code KvException} for an error answer.
 */
final class AttemptFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** What the failure says about the attempt. */
    enum Kind {
        /** A definite answer that retrying cannot change (400, 404, 412, 413, ...). */
        DEFINITE,
        /** The request did not apply (not sent, or refused before it ran): retry. */
        NOT_APPLIED,
        /** The request may have applied: a write may be retried only with its idempotency key. */
        UNKNOWN
    }

    private final Kind kind;
    private final String endpoint;
    private final String code;
    private final Duration retryAfter;

    AttemptFailure(Kind kind, String endpoint, String code, Duration retryAfter, Throwable cause) {
        super(endpoint + ": " + cause.getMessage(), cause, false, false);
        this.kind = kind;
        this.endpoint = endpoint;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    Kind kind() {
        return kind;
    }

    boolean retryable() {
        return kind != Kind.DEFINITE;
    }

    String endpoint() {
        return endpoint;
    }

    /** The server's error code, or null for a network failure. */
    String code() {
        return code;
    }

    /** The server's Retry-After, or zero. */
    Duration retryAfter() {
        return retryAfter;
    }
}
