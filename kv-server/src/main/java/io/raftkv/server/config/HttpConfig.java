package io.raftkv.server.config;

import io.raftkv.server.http.Forwarding;

import java.time.Duration;

/**
 * The {@code http} section.
 *
 * @param forwarding    how a follower serves a write: PROXY it to the leader, or REDIRECT (307) the client there
 * @param maxValueBytes the largest value a PUT accepts (larger is 413 VALUE_TOO_LARGE)
 * @param writeTimeout  how long a write waits to be applied before its outcome is unknown (504)
 * @param readTimeout   how long a linearizable read waits for its read index (503 READ_TIMEOUT)
 */
public record HttpConfig(Forwarding forwarding, long maxValueBytes, Duration writeTimeout, Duration readTimeout) {
    /**
     * A value travels to the followers inside one Raft message, and the Raft port accepts messages up to
     * 4 MiB ({@code RaftServer.MAX_INBOUND_MESSAGE_BYTES}); a larger value would be accepted here and then
     * never replicate. 3 MiB leaves room for the key and the framing.
     */
    static final long MAX_VALUE_BYTES_LIMIT = 3L << 20;

    public HttpConfig {
        if (maxValueBytes > MAX_VALUE_BYTES_LIMIT) {
            throw ConfigException.at("http.max-value-bytes", maxValueBytes + " is over " + MAX_VALUE_BYTES_LIMIT
                    + " (3 MiB): a value must fit in one Raft message");
        }
    }

    /**
     * How long a follower waits for the leader to answer a proxied write: the leader's own write timeout
     * plus as much again for the two hops, so the leader's verdict (even a 504) arrives before ours would.
     */
    Duration forwardTimeout() {
        return writeTimeout.multipliedBy(2);
    }
}
