package io.raftkv.server.sim;

import io.raftkv.server.raft.RaftConfig;
import io.raftkv.server.raft.RaftConfig.BrokenRule;

import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The fixed settings of one simulated cluster. Times are virtual microseconds.
 *
 * @param tickInterval   virtual time between two ticks of a node's core
 * @param compactEvery   a node snapshots its state machine once it has applied this many entries
 *                       past its last snapshot
 * @param maxSyncDelay   an fsync takes up to this long
 * @param clients        concurrent clients, each with at most one operation outstanding
 * @param keys           how many distinct keys the clients use
 */
record SimParams(long seed, int nodes, long tickInterval, int electionTicks, int heartbeatTicks,
                 boolean preVote, boolean checkQuorum, long maxAppendBytes, int maxInflight,
                 long maxUncommittedBytes, int compactEvery, long maxSyncDelay, int clients, int keys,
                 Set<BrokenRule> brokenRules) {

    static SimParams defaults(long seed, int nodes) {
        return new SimParams(seed, nodes, 10 * EventQueue.MS, 10, 2, true, true, 1 << 20, 64, 1 << 20,
                50, 2 * EventQueue.MS, 4, 3, Set.of());
    }

    /** Settings varied by the seed itself, so random schedules also cover batching and snapshot sizes. */
    static SimParams randomized(long seed, int nodes, RandomGenerator r) {
        SimParams p = defaults(seed, nodes);
        long appendBytes = r.nextInt(3) == 0 ? 64 : 1 << 20;   // 64 B: one entry per AppendEntries
        int inflight = r.nextInt(3) == 0 ? 2 : 64;
        int compactEvery = 10 + r.nextInt(90);
        // A slow disk keeps Readies in flight longer, so more messages and ticks arrive meanwhile.
        long maxSyncDelay = r.nextInt(3) == 0 ? 20 * EventQueue.MS : p.maxSyncDelay;
        // Mostly the production setting (both on); sometimes without, where stale leaders linger
        // (no CheckQuorum) or cut-off nodes inflate their terms (no PreVote).
        boolean preVote = r.nextInt(4) != 0;
        boolean checkQuorum = r.nextInt(4) != 0;
        return new SimParams(seed, nodes, p.tickInterval, p.electionTicks, p.heartbeatTicks, preVote, checkQuorum,
                appendBytes, inflight, p.maxUncommittedBytes, compactEvery, maxSyncDelay,
                3 + r.nextInt(4), 2 + r.nextInt(4), Set.of());
    }

    SimParams withBrokenRules(Set<BrokenRule> rules) {
        return new SimParams(seed, nodes, tickInterval, electionTicks, heartbeatTicks, preVote, checkQuorum,
                maxAppendBytes, maxInflight, maxUncommittedBytes, compactEvery, maxSyncDelay, clients, keys, rules);
    }

    SimParams withCheckQuorum(boolean on) {
        return new SimParams(seed, nodes, tickInterval, electionTicks, heartbeatTicks, preVote, on,
                maxAppendBytes, maxInflight, maxUncommittedBytes, compactEvery, maxSyncDelay, clients, keys, brokenRules);
    }

    SimParams withPreVote(boolean on) {
        return new SimParams(seed, nodes, tickInterval, electionTicks, heartbeatTicks, on, checkQuorum,
                maxAppendBytes, maxInflight, maxUncommittedBytes, compactEvery, maxSyncDelay, clients, keys, brokenRules);
    }

    SimParams withAppendLimits(long appendBytes, int inflight) {
        return new SimParams(seed, nodes, tickInterval, electionTicks, heartbeatTicks, preVote, checkQuorum,
                appendBytes, inflight, maxUncommittedBytes, compactEvery, maxSyncDelay, clients, keys, brokenRules);
    }

    SimParams withCompactEvery(int entries) {
        return new SimParams(seed, nodes, tickInterval, electionTicks, heartbeatTicks, preVote, checkQuorum,
                maxAppendBytes, maxInflight, maxUncommittedBytes, entries, maxSyncDelay, clients, keys, brokenRules);
    }

    SimParams withClients(int count, int keyCount) {
        return new SimParams(seed, nodes, tickInterval, electionTicks, heartbeatTicks, preVote, checkQuorum,
                maxAppendBytes, maxInflight, maxUncommittedBytes, compactEvery, maxSyncDelay, count, keyCount, brokenRules);
    }

    /** The core's configuration for node {@code id}, with its own stream of randomness. */
    RaftConfig raftConfig(String id, RandomGenerator random) {
        return RaftConfig.defaults(id, random)
                .withTicks(electionTicks, heartbeatTicks)
                .withPreVote(preVote)
                .withCheckQuorum(checkQuorum)
                .withLimits(maxAppendBytes, maxInflight, maxUncommittedBytes)
                .withBrokenRules(brokenRules);
    }

    /** The election timeout's upper bound in virtual time. */
    long maxElectionTimeout() {
        return 2L * electionTicks * tickInterval;
    }
}
