package io.raftkv.server.sim;

import io.raftkv.server.lincheck.CheckResult;
import io.raftkv.server.lincheck.KvInput;

import java.time.Duration;

/**
 * The end of every schedule: heal all faults, then demand liveness (a leader within 10 virtual
 * seconds, every pending operation answered, all members converged) and check the client history
 * for linearizability.
 */
final class Liveness {
    static final long LEADER_DEADLINE = 10 * EventQueue.SECOND;
    static final long OPERATIONS_DEADLINE = 10 * EventQueue.SECOND;
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(30);

    private Liveness() {
    }

    /** @return whether the linearizability check was inconclusive (timed out) */
    static boolean healAndCheck(Cluster cluster, MembershipChange membership) {
        cluster.heal();
        for (SimClient c : cluster.clients()) {
            c.stop();
            c.neverGiveUp();
        }
        awaitLeader(cluster);
        if (!cluster.runUntil(() -> cluster.clientsIdle() && (membership == null || membership.done()),
                OPERATIONS_DEADLINE)) {
            throw new InvariantViolation("liveness: operations or a membership change still pending "
                    + OPERATIONS_DEADLINE / EventQueue.SECOND + " s after the faults healed");
        }
        // A final read of every key pins the end state of each register for the checker.
        SimClient reader = cluster.clients().getFirst();
        for (int k = 0; k < cluster.params.keys(); k++) {
            reader.script(KvInput.get("k" + k));
        }
        if (!cluster.runUntil(cluster::clientsIdle, OPERATIONS_DEADLINE)) {
            throw new InvariantViolation("liveness: final reads still pending after " + OPERATIONS_DEADLINE / EventQueue.SECOND + " s");
        }
        if (!cluster.runUntil(cluster::converged, 5 * EventQueue.SECOND)) {
            throw new InvariantViolation("liveness: members did not converge on one applied index:\n" + cluster.describe());
        }
        for (String id : cluster.memberIds()) {
            cluster.invariants.checkNoAcknowledgedWriteLost(id, cluster.node(id).applied());
        }
        return checkHistory(cluster);
    }

    static void awaitLeader(Cluster cluster) {
        if (!cluster.runUntil(() -> cluster.stableLeader() != null, LEADER_DEADLINE)) {
            throw new InvariantViolation("liveness: no leader followed by all members " + LEADER_DEADLINE / EventQueue.SECOND
                    + " s after the faults healed:\n" + cluster.describe());
        }
    }

    /** @return whether the check was inconclusive */
    static boolean checkHistory(Cluster cluster) {
        CheckResult result = cluster.checkLinearizable(CHECK_TIMEOUT);
        if (result.verdict() == CheckResult.Verdict.NOT_LINEARIZABLE) {
            throw new InvariantViolation("linearizability: " + result.explanation());
        }
        return result.verdict() == CheckResult.Verdict.TIMED_OUT;
    }
}
