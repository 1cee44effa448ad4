package io.raftkv.client;

/**
 * A write may or may not have been applied: its answer was lost (a read timeout, a reset after
 * the request was sent, 504 {@code OUTCOME_UNKNOWN}) and the retries with the same
 * {@code Idempotency-Key} did not get a definite answer before the deadline.
 *
 * <p>Do not treat this as a failure or as a success. Read the key to find out, or repeat the
 * call; {@link #idempotencyKey()} is the key the SDK used, valid on the server for its
 * idempotency window (10 minutes by default).
 */
public final class OutcomeUnknownException extends KvException {
    private static final long serialVersionUID = 1L;

    /** The Idempotency-Key every attempt of the write carried. */
    private final String idempotencyKey;

    /**
     * Creates the exception.
     *
     * @param message what happened and what to do
     * @param idempotencyKey the key every attempt carried
     * @param cause the last failure
     */
    public OutcomeUnknownException(String message, String idempotencyKey, Throwable cause) {
        super("OUTCOME_UNKNOWN", message, cause);
        this.idempotencyKey = idempotencyKey;
    }

    /**
     * Returns the idempotency key of the write.
     *
     * @return the {@code Idempotency-Key} header value every attempt carried
     */
    public String idempotencyKey() {
        return idempotencyKey;
    }
}
