package io.raftkv.client.internal;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;
import io.raftkv.client.RetryPolicy;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter, at least the server's {@code Retry-After}. */
final class Backoff implements IntervalBiFunction<Object> {
    private final RetryPolicy policy;

    Backoff(RetryPolicy policy) {
        this.policy = policy;
    }

    @Override
    public Long apply(Integer attempt, Either<Throwable, Object> outcome) {
        double base = policy.initialBackoff().toMillis() * Math.pow(policy.multiplier(), attempt - 1);
        double capped = Math.min(base, policy.maxBackoff().toMillis());
        double spread = policy.jitter() * capped * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        long delay = Math.max(1, Math.round(capped + spread));
        if (outcome != null && outcome.isLeft() && outcome.getLeft() instanceof AttemptFailure f) {
            delay = Math.max(delay, f.retryAfter().toMillis());
        }
        return delay;
    }
}
