package io.raftkv.server.node;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a node needs to run, already validated by the configuration layer.
 *
 * @param self              this node's id; must be one of {@code members}
 * @param members           the configured members, this node included: a new cluster's founding voters; their
 *                          addresses stand until the replicated membership says otherwise
 * @param tick              the driver's clock: one Raft tick
 * @param heartbeatTicks    ticks between a leader's heartbeats
 * @param electionTicks     base election timeout in ticks (randomized up to twice that)
 * @param writeTimeout      how long a write waits for its entry to apply before its outcome is unknown
 * @param readTimeout       how long a linearizable read waits for its read index to apply
 * @param idempotencyWindow how long an idempotency key's result is kept (same on every node)
 * @param maxUncommittedBytes backpressure: proposals beyond this many uncommitted payload bytes are refused
 * @param snapshotEntries   the node snapshots its state and compacts its log once this many entries were applied
 *                          since its last snapshot...
 * @param snapshotBytes     ...or once those entries hold this many payload bytes
 * @param join              on empty storage, wait to be added to a running cluster (whose members the
 *                          log tells) rather than found a new one with {@code members} as its voters
 */
public record NodeSettings(String self, List<Member> members, Duration tick, int heartbeatTicks, int electionTicks,
                           Duration writeTimeout, Duration readTimeout, Duration idempotencyWindow,
                           long maxUncommittedBytes, long snapshotEntries, long snapshotBytes, boolean join) {
    public NodeSettings {
        Objects.requireNonNull(self, "self");
        members = List.copyOf(members);
        if (members.stream().noneMatch(m -> m.id().equals(self))) {
            throw new IllegalArgumentException("node " + self + " is not among the members " + members);
        }
    }

    /** Settings with the defaults of {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    /** These settings for a node that joins a running cluster, should its storage be empty. */
    public NodeSettings joining() {
        return new NodeSettings(self, members, tick, heartbeatTicks, electionTicks, writeTimeout, readTimeout,
                idempotencyWindow, maxUncommittedBytes, snapshotEntries, snapshotBytes, true);
    }

    /** This node's own entry in {@link #members}. */
    public Member selfMember() {
        return members.stream().filter(m -> m.id().equals(self)).findFirst().orElseThrow();
    }

    /**
     * The defaults in one place: 10 ms ticks, heartbeats every 100 ms, elections after 0.8 to 1.6 s,
     * 5 s write and read timeouts, a 10-minute idempotency window, 64 MiB of uncommitted data, a snapshot
     * every 100,000 entries or 64 MiB.
     */
    public static final class Builder {
        private Duration tick = Duration.ofMillis(10);
        private int heartbeatTicks = 10;
        private int electionTicks = 80;
        private Duration writeTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(5);
        private Duration idempotencyWindow = Duration.ofMinutes(10);
        private long maxUncommittedBytes = 64L << 20;
        private long snapshotEntries = 100_000;
        private long snapshotBytes = 64L << 20;

        private Builder() {
        }

        public Builder tick(Duration tick) {
            this.tick = tick;
            return this;
        }

        public Builder heartbeatTicks(int ticks) {
            this.heartbeatTicks = ticks;
            return this;
        }

        public Builder electionTicks(int ticks) {
            this.electionTicks = ticks;
            return this;
        }

        public Builder writeTimeout(Duration timeout) {
            this.writeTimeout = timeout;
            return this;
        }

        public Builder readTimeout(Duration timeout) {
            this.readTimeout = timeout;
            return this;
        }

        public Builder idempotencyWindow(Duration window) {
            this.idempotencyWindow = window;
            return this;
        }

        public Builder maxUncommittedBytes(long bytes) {
            this.maxUncommittedBytes = bytes;
            return this;
        }

        public Builder snapshotEvery(long entries, long bytes) {
            this.snapshotEntries = entries;
            this.snapshotBytes = bytes;
            return this;
        }

        public NodeSettings build(String self, List<Member> members) {
            return new NodeSettings(self, members, tick, heartbeatTicks, electionTicks, writeTimeout, readTimeout,
                    idempotencyWindow, maxUncommittedBytes, snapshotEntries, snapshotBytes, false);
        }
    }
}
