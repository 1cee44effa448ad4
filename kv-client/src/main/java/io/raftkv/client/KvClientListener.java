package io.raftkv.client;

import java.time.Duration;

/**
 * Observes a {@link KvClient}'s HTTP attempts, retries, failovers and leader changes, e.g. to
 * record metrics. Every method has a no-op default; override those you need.
 *
 * <p>Methods are called on the SDK's threads (OkHttp's dispatcher, the retry scheduler, or the
 * calling thread). They must be fast, do no I/O, and never throw; an exception a listener throws
 * is swallowed.
 */
public interface KvClientListener {

    /** A listener that ignores every event. */
    KvClientListener NONE = new KvClientListener() {
    };

    /**
     * An HTTP attempt is about to be sent.
     *
     * @param endpoint the node's base URL
     * @param operation the operation
     */
    default void requestStart(String endpoint, KvOperation operation) {
    }

    /**
     * An HTTP attempt ended.
     *
     * @param endpoint the node's base URL
     * @param operation the operation
     * @param status the HTTP status, or -1 when no response arrived (network failure or timeout)
     * @param duration how long the attempt took
     */
    default void requestEnd(String endpoint, KvOperation operation, int status, Duration duration) {
    }

    /**
     * A failed attempt will be retried.
     *
     * @param operation the operation
     * @param attempt the number of the attempt that failed (1 for the first)
     * @param cause why it failed
     * @param delay how long the SDK waits before the next attempt
     */
    default void retry(KvOperation operation, int attempt, Throwable cause, Duration delay) {
    }

    /**
     * A retry goes to another node than the attempt before it.
     *
     * @param from the previous node's base URL
     * @param to the next node's base URL
     */
    default void failover(String from, String to) {
    }

    /**
     * The leader the SDK sends writes to changed, as learned from {@code X-Kv-Leader}.
     *
     * @param previous the previous leader's base URL, or {@code null} if none was known
     * @param current the new leader's base URL, or {@code null} if none is known now
     */
    default void leaderChanged(String previous, String current) {
    }
}
