package io.raftkv.server.transport;

import java.time.Duration;

/**
 * How the client side of the transport behaves towards each peer.
 *
 * @param queueCapacity      messages waiting per peer before new ones are dropped
 * @param backoffInitial     first wait before reconnecting after a failure; doubles per failure...
 * @param backoffMax         ...up to this, jittered; reset once a stream has lived this long
 * @param connectTimeout     TCP connect to a peer
 * @param probeTimeout       the Probe round trip that checks a peer before its Send stream opens
 * @param snapshotDeadline   InstallSnapshot progress: connecting, each chunk acknowledgement, and the final answer
 * @param snapshotChunkBytes data bytes per SnapshotChunk
 */
public record TransportSettings(int queueCapacity, Duration backoffInitial, Duration backoffMax,
                                Duration connectTimeout, Duration probeTimeout, Duration snapshotDeadline,
                                int snapshotChunkBytes) {
    public TransportSettings {
        if (queueCapacity < 1 || snapshotChunkBytes < 1
                || snapshotChunkBytes > RaftServer.MAX_INBOUND_MESSAGE_BYTES - 1024) {
            throw new IllegalArgumentException("bad transport settings: queue " + queueCapacity
                    + ", chunk " + snapshotChunkBytes);
        }
    }

    public static TransportSettings defaults() {
        return new TransportSettings(4096, Duration.ofMillis(50), Duration.ofMillis(500),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMinutes(1), 256 << 10);
    }

    public TransportSettings withQueueCapacity(int capacity) {
        return new TransportSettings(capacity, backoffInitial, backoffMax, connectTimeout, probeTimeout,
                snapshotDeadline, snapshotChunkBytes);
    }

    public TransportSettings withSnapshotDeadline(Duration deadline) {
        return new TransportSettings(queueCapacity, backoffInitial, backoffMax, connectTimeout, probeTimeout,
                deadline, snapshotChunkBytes);
    }
}
