package io.raftkv.client;

import java.time.Duration;
import java.util.Objects;

/**
 * The circuit breaker the SDK keeps per endpoint, so a dead node stops costing latency: once
 * {@code failureRatePercent} of the last {@code windowSize} attempts on a node failed (network
 * errors, timeouts, 5xx), the node is skipped for {@code openDuration}, then tried again. When
 * every node's breaker is open the SDK tries them anyway rather than fail without trying.
 *
 * @param failureRatePercent the failure rate that opens the breaker, in (0, 100]
 * @param windowSize the number of recent attempts the rate is computed over, at least 1
 * @param minimumCalls attempts needed before the rate is computed, in [1, windowSize]
 * @param openDuration how long an open breaker skips its node, positive
 */
public record CircuitBreakerPolicy(float failureRatePercent, int windowSize, int minimumCalls, Duration openDuration) {

    /** The default: opens at 50 % failures over the last 10 attempts (at least 4), for 5 s. */
    public static final CircuitBreakerPolicy DEFAULT = new CircuitBreakerPolicy(50f, 10, 4, Duration.ofSeconds(5));

    /**
     * Validates the policy, naming the bad component.
     *
     * @param failureRatePercent the opening failure rate
     * @param windowSize the window
     * @param minimumCalls the minimum number of calls
     * @param openDuration the open time
     */
    public CircuitBreakerPolicy {
        if (!(failureRatePercent > 0f && failureRatePercent <= 100f)) {
            throw new IllegalArgumentException("failureRatePercent must be in (0, 100]: " + failureRatePercent);
        }
        if (windowSize < 1) {
            throw new IllegalArgumentException("windowSize must be at least 1: " + windowSize);
        }
        if (minimumCalls < 1 || minimumCalls > windowSize) {
            throw new IllegalArgumentException("minimumCalls must be in [1, windowSize]: " + minimumCalls);
        }
        Objects.requireNonNull(openDuration, "openDuration");
        if (openDuration.isNegative() || openDuration.isZero()) {
            throw new IllegalArgumentException("openDuration must be positive: " + openDuration);
        }
    }
}
