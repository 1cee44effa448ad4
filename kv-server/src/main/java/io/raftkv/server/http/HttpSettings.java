package io.raftkv.server.http;

import java.time.Duration;
import java.util.Objects;

/**
 * The REST API's settings, already validated by the configuration layer (and checked again here).
 *
 * @param maxValueBytes  the largest value a PUT may carry; larger is 413 {@code VALUE_TOO_LARGE}
 * @param forwarding     how a follower serves writes
 * @param forwardTimeout how long a follower waits for the leader when it proxies a write, connect included
 */
public record HttpSettings(long maxValueBytes, Forwarding forwarding, Duration forwardTimeout) {
    /** The default value limit: 1 MiB. */
    public static final long DEFAULT_MAX_VALUE_BYTES = 1 << 20;
    /** The default forward timeout: 10 s. */
    public static final Duration DEFAULT_FORWARD_TIMEOUT = Duration.ofSeconds(10);
    /** Values are read into one array, so this is the hard ceiling of {@link #maxValueBytes}. */
    public static final long MAX_VALUE_BYTES_CEILING = Integer.MAX_VALUE - 8;

    public HttpSettings {
        if (maxValueBytes < 1 || maxValueBytes > MAX_VALUE_BYTES_CEILING) {
            throw new IllegalArgumentException("maxValueBytes must be in [1, " + MAX_VALUE_BYTES_CEILING + "]: "
                    + maxValueBytes);
        }
        Objects.requireNonNull(forwarding, "forwarding");
        if (forwardTimeout.isNegative() || forwardTimeout.isZero()) {
            throw new IllegalArgumentException("forwardTimeout must be positive: " + forwardTimeout);
        }
    }

    /** 1 MiB values, {@link Forwarding#PROXY}, a 10 s forward timeout. */
    public static HttpSettings defaults() {
        return new HttpSettings(DEFAULT_MAX_VALUE_BYTES, Forwarding.PROXY, DEFAULT_FORWARD_TIMEOUT);
    }
}
