package io.raftkv.server.raft;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The settings of one Raft core. Time is counted in ticks of the driver's clock; the node maps a
 * tick to real time, the simulator to virtual time.
 *
 * @param id                  this node's id
 * @param electionTicks       base election timeout; each term waits a random time in
 *                            [electionTicks, 2 × electionTicks) (Raft §5.2)
 * @param heartbeatTicks      ticks between a leader's heartbeats; must be below electionTicks
 * @param random              the only source of randomness: seeded in tests and simulation
 * @param preVote             probe for votes before starting a term (thesis §9.6)
 * @param checkQuorum         a leader that hears from no quorum for an election timeout steps down,
 *                            and voters ignore campaigns while they hear from a leader (thesis §6.2)
 * @param maxAppendBytes      payload bytes per AppendEntries message (at least one entry is sent)
 * @param maxInflight         AppendEntries messages in flight per follower while pipelining
 * @param maxUncommittedBytes payload bytes the leader accepts beyond its commit index before
 *                            refusing proposals (backpressure)
 * @param brokenRules         safety rules deliberately broken, for proving that tests catch it;
 *                            always empty in production
 */
public record RaftConfig(String id, int electionTicks, int heartbeatTicks, RandomGenerator random,
                         boolean preVote, boolean checkQuorum, long maxAppendBytes, int maxInflight,
                         long maxUncommittedBytes, Set<BrokenRule> brokenRules) {

    /** Safety rules a test can switch off, to show that the simulator notices. */
    public enum BrokenRule {
        /** Commit an entry of an earlier term by counting its replicas (forbidden by Raft §5.4.2). */
        COMMIT_PREVIOUS_TERM_BY_COUNTING,
        /** Answer ReadIndex without confirming leadership with a heartbeat quorum (thesis §6.4). */
        READ_INDEX_WITHOUT_HEARTBEAT_QUORUM,
        /** Grant a vote without checking that the candidate's log is up to date (Raft §5.4.1). */
        VOTE_WITHOUT_LOG_CHECK
    }

    public RaftConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(random, "random");
        if (heartbeatTicks < 1 || electionTicks <= heartbeatTicks) {
            throw new IllegalArgumentException("need 1 <= heartbeatTicks < electionTicks, got "
                    + heartbeatTicks + " and " + electionTicks);
        }
        if (maxAppendBytes < 1 || maxInflight < 1 || maxUncommittedBytes < 1) {
            throw new IllegalArgumentException("maxAppendBytes, maxInflight and maxUncommittedBytes must be positive");
        }
        brokenRules = brokenRules.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(brokenRules));
    }

    /**
     * Defaults for a node ticking every 100 ms: heartbeat every tick, election after 10–20 ticks,
     * PreVote and CheckQuorum on, 1 MiB per append, 256 appends in flight, 64 MiB uncommitted.
     */
    public static RaftConfig defaults(String id, RandomGenerator random) {
        return new RaftConfig(id, 10, 1, random, true, true, 1 << 20, 256, 64L << 20, Set.of());
    }

    public RaftConfig withTicks(int election, int heartbeat) {
        return new RaftConfig(id, election, heartbeat, random, preVote, checkQuorum, maxAppendBytes,
                maxInflight, maxUncommittedBytes, brokenRules);
    }

    public RaftConfig withLimits(long appendBytes, int inflight, long uncommittedBytes) {
        return new RaftConfig(id, electionTicks, heartbeatTicks, random, preVote, checkQuorum, appendBytes,
                inflight, uncommittedBytes, brokenRules);
    }

    public RaftConfig withPreVote(boolean on) {
        return new RaftConfig(id, electionTicks, heartbeatTicks, random, on, checkQuorum, maxAppendBytes,
                maxInflight, maxUncommittedBytes, brokenRules);
    }

    public RaftConfig withCheckQuorum(boolean on) {
        return new RaftConfig(id, electionTicks, heartbeatTicks, random, preVote, on, maxAppendBytes,
                maxInflight, maxUncommittedBytes, brokenRules);
    }

    public RaftConfig withBrokenRules(Set<BrokenRule> rules) {
        return new RaftConfig(id, electionTicks, heartbeatTicks, random, preVote, checkQuorum, maxAppendBytes,
                maxInflight, maxUncommittedBytes, rules);
    }

    boolean breaks(BrokenRule rule) {
        return brokenRules.contains(rule);
    }
}
