package io.raftkv.client;

/** The kinds of call the SDK makes, as reported to a {@link KvClientListener}. */
public enum KvOperation {
    /** {@code GET /api/v1/kv/{key}}. */
    GET,
    /** {@code PUT /api/v1/kv/{key}} (plain, create-only or compare-and-set). */
    PUT,
    /** {@code DELETE /api/v1/kv/{key}} (plain or compare-and-delete). */
    DELETE,
    /** {@code GET /api/v1/kv}: one page of a listing. */
    LIST,
    /** {@code GET /api/v1/cluster/status}. */
    CLUSTER_STATUS;

    /**
     * Tells whether this operation changes the store (and so carries an {@code Idempotency-Key}
     * and goes to the leader).
     *
     * @return {@code true} for PUT and DELETE
     */
    public boolean isWrite() {
        return this == PUT || this == DELETE;
    }
}
