package io.raftkv.server.sim;

import io.raftkv.server.raft.Role;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The named scenarios: targeted schedules for situations random faults reach only rarely. Each
 * runs through {@link Simulation#run}, so it has a seed, invariants checked at every step, a
 * replay command and the final liveness and linearizability checks.
 */
final class Scenarios {
    /** A scenario: how it tunes the cluster's settings, and its schedule. */
    record Scenario(String name, UnaryOperator<SimParams> tune, Simulation.Schedule schedule) {
    }

    private static final Map<String, Scenario> ALL = new LinkedHashMap<>();

    static {
        add("initial-election", p -> p, ElectionScenarios::initialElection);
        add("leader-crash", p -> p, ElectionScenarios::reElectionAfterLeaderCrash);
        add("minority-no-leader", p -> p, ElectionScenarios::noLeaderInMinority);
        // Without CheckQuorum the cut-off leader keeps believing it leads: the hard case.
        add("partitioned-old-leader", p -> p.withCheckQuorum(false), ElectionScenarios::partitionedOldLeader);
        add("partitioned-old-leader-checkquorum", p -> p, ElectionScenarios::partitionedOldLeader);
        add("leadership-transfer", p -> p, ElectionScenarios::leadershipTransfer);
        add("asymmetric-partition", p -> p, ElectionScenarios::asymmetricPartitionNoLivelock);
        // One entry per AppendEntries, so a new leader's old-term entries are acknowledged apart from its no-op.
        add("figure-8", p -> p.withAppendLimits(1, 64), Figure8Scenarios::figure8);
        add("figure-8-unreliable", p -> p.withAppendLimits(1, 64), Figure8Scenarios::figure8Unreliable);
        add("figure-8-exact", p -> p.withAppendLimits(1, 64).withCompactEvery(1000),
                Figure8Scenarios::figure8Exact);
        add("unreliable-churn", p -> p, LogScenarios::unreliableChurn);
        add("backup", p -> p, LogScenarios::backup);
        add("snapshot-lagging-follower", p -> p.withCompactEvery(10), LogScenarios::snapshotToLaggingFollower);
        // PreVote off: the real vote is what must refuse the stale candidate.
        add("stale-log-candidate", p -> p.withPreVote(false), LogScenarios::staleLogCandidate);
        add("membership", p -> p, MembershipScenario::addAndRemoveMembers);
    }

    private static void add(String name, UnaryOperator<SimParams> tune, Simulation.Schedule schedule) {
        ALL.put(name, new Scenario(name, tune, schedule));
    }

    private Scenarios() {
    }

    static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    static SimulationResult run(String name, long seed, int nodes, boolean verbose) {
        return run(name, SimParams.defaults(seed, nodes), verbose);
    }

    /** Runs a scenario on given base settings (e.g. with a safety rule broken). */
    static SimulationResult run(String name, SimParams base, boolean verbose) {
        Scenario s = ALL.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no scenario " + name + "; there are " + names());
        }
        return Simulation.run(name, s.tune.apply(base), verbose, s.schedule);
    }

    // ---- helpers shared by the scenarios ----

    static void expect(boolean condition, String what) {
        if (!condition) {
            throw new InvariantViolation("scenario: " + what);
        }
    }

    static String awaitStableLeader(Cluster c, long timeout) {
        if (!c.runUntil(() -> c.stableLeader() != null, timeout)) {
            throw new InvariantViolation("liveness: no leader followed by all running members within "
                    + timeout / EventQueue.MS + " ms:\n" + c.describe());
        }
        return c.stableLeader();
    }

    static int majority(Cluster c) {
        return c.memberIds().size() / 2 + 1;
    }

    static List<String> othersThan(Cluster c, String... excluded) {
        List<String> others = new ArrayList<>(c.memberIds());
        others.removeAll(List.of(excluded));
        return others;
    }

    static boolean anyLeaderAmong(Cluster c, List<String> ids) {
        for (String id : ids) {
            SimNode n = c.node(id);
            if (n.up() && n.role() == Role.LEADER) {
                return true;
            }
        }
        return false;
    }

    /** Total client operations answered so far. */
    static long completedOperations(Cluster c) {
        long n = 0;
        for (SimClient client : c.clients()) {
            n += client.completed();
        }
        return n;
    }
}
