package io.raftkv.server.config;

import java.time.Duration;

/**
 * The {@code raft} section.
 *
 * @param tick                one tick of the Raft core's clock; divides the two timeouts below
 * @param heartbeat           how often a leader sends heartbeats
 * @param electionTimeout     the base election timeout, randomized in [E, 2E); at least 5 heartbeats, so a
 *                            few lost heartbeats do not start an election
 * @param maxUncommittedBytes proposals beyond this many uncommitted payload bytes are refused (503 OVERLOADED)
 * @param snapshotEntries     a node snapshots its state and compacts its log once this many entries follow its
 *                            last snapshot...
 * @param snapshotBytes       ...or once the entries applied since hold this many payload bytes
 */
public record RaftTiming(Duration tick, Duration heartbeat, Duration electionTimeout, long maxUncommittedBytes,
                         long snapshotEntries, long snapshotBytes) {
    static final int MIN_HEARTBEATS_PER_ELECTION = 5;

    public RaftTiming {
        if (heartbeat.toMillis() % tick.toMillis() != 0) {
            throw ConfigException.at("raft.heartbeat-ms", heartbeat.toMillis() + " is not a multiple of raft.tick-ms ("
                    + tick.toMillis() + ")");
        }
        if (electionTimeout.toMillis() % tick.toMillis() != 0) {
            throw ConfigException.at("raft.election-timeout-ms", electionTimeout.toMillis()
                    + " is not a multiple of raft.tick-ms (" + tick.toMillis() + ")");
        }
        if (electionTimeout.compareTo(heartbeat.multipliedBy(MIN_HEARTBEATS_PER_ELECTION)) < 0) {
            throw ConfigException.at("raft.election-timeout-ms", electionTimeout.toMillis() + " is under "
                    + MIN_HEARTBEATS_PER_ELECTION + " heartbeats (raft.heartbeat-ms is " + heartbeat.toMillis()
                    + ", so at least " + heartbeat.multipliedBy(MIN_HEARTBEATS_PER_ELECTION).toMillis() + ")");
        }
    }

    int heartbeatTicks() {
        return Math.toIntExact(heartbeat.toMillis() / tick.toMillis());
    }

    int electionTicks() {
        return Math.toIntExact(electionTimeout.toMillis() / tick.toMillis());
    }
}
