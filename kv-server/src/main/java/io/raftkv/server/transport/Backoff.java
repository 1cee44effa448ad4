package io.raftkv.server.transport;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential reconnect backoff with "equal jitter": each delay is between half and all of the
 * current step, so peers that lost a node at the same moment do not all reconnect in lockstep.
 * Not thread-safe: each {@link PeerClient}'s sender thread owns one.
 */
final class Backoff {
    private final long initialNanos;
    private final long maxNanos;
    private final Random random;
    private long stepNanos;

    Backoff(Duration initial, Duration max, Random random) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = Math.max(max.toNanos(), initialNanos);
        this.random = random;
        this.stepNanos = initialNanos;
    }

    /** The next delay; the step after it doubles up to the maximum. */
    long nextDelayNanos() {
        long step = stepNanos;
        stepNanos = Math.min(maxNanos, step * 2);
        long half = step / 2;
        return half + (half == 0 ? 0 : random.nextLong(half + 1));
    }

    void reset() {
        stepNanos = initialNanos;
    }
}
