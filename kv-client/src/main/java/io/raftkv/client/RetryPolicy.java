package io.raftkv.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How the SDK retries an attempt that failed in a retryable way: exponential backoff with jitter,
 * never past the call's deadline. A server's {@code Retry-After} is honoured (the delay is at
 * least that long). Non-retryable answers (400, 404, 412, 413) are never retried.
 *
 * @param maxAttempts attempts per call including the first, at least 1 (1 disables retries)
 * @param initialBackoff the delay before the first retry, positive
 * @param maxBackoff the largest computed delay, at least {@code initialBackoff}
 * @param multiplier growth of the delay per retry, at least 1
 * @param jitter the random spread of each delay, as a fraction in [0, 1] (0.2: plus or minus 20 %)
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier,
                          double jitter) {

    /**
     * The default: up to 30 attempts, 50 ms doubling to at most 1 s, 20 % jitter; in practice the
     * call's deadline ends it first. A leader failover takes one to three seconds, so the retries
     * must outlast that: 6 attempts (1.5 s of backoff) measured too few against a killed leader.
     */
    public static final RetryPolicy DEFAULT = new RetryPolicy(30, Duration.ofMillis(50), Duration.ofSeconds(1), 2.0, 0.2);

    /** No retries: every call makes exactly one attempt. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1), 1.0, 0.0);

    /**
     * Validates the policy, naming the bad component.
     *
     * @param maxAttempts attempts per call
     * @param initialBackoff first delay
     * @param maxBackoff largest delay
     * @param multiplier growth factor
     * @param jitter random spread
     */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException("initialBackoff must be positive: " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must be at least initialBackoff: " + maxBackoff);
        }
        if (!(multiplier >= 1.0)) {
            throw new IllegalArgumentException("multiplier must be at least 1: " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("jitter must be in [0, 1]: " + jitter);
        }
    }
}
