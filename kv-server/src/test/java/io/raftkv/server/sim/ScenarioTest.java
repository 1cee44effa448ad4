package io.raftkv.server.sim;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The named scenarios, each on 3, 5 and 7 nodes with a few seeds. */
class ScenarioTest {
    private static final int SEEDS = 3;

    private static void passes(String scenario) {
        passes(scenario, SEEDS);
    }

    private static void passes(String scenario, int seeds) {
        List<SimulationResult> failures = new ArrayList<>();
        for (int nodes : new int[] {3, 5, 7}) {
            for (long seed = 1; seed <= seeds; seed++) {
                SimulationResult r = Scenarios.run(scenario, seed, nodes, false);
                if (!r.ok()) {
                    failures.add(r);
                }
            }
        }
        assertThat(failures).withFailMessage(() -> scenario + " failed:\n" + failures.getFirst().report()).isEmpty();
    }

    @Test
    void initialElection() {
        passes("initial-election");
    }

    @Test
    void reElectionAfterLeaderCrash() {
        passes("leader-crash");
    }

    @Test
    void noLeaderInAMinority() {
        passes("minority-no-leader");
    }

    @Test
    void aPartitionedOldLeaderCanNeitherCommitNorServeAReadWithoutCheckQuorum() {
        passes("partitioned-old-leader");
    }

    @Test
    void aPartitionedOldLeaderCanNeitherCommitNorServeAReadWithCheckQuorum() {
        passes("partitioned-old-leader-checkquorum");
    }

    @Test
    void figure8ThousandIterations() {
        passes("figure-8");
    }

    @Test
    void figure8ThousandIterationsOnAnUnreliableNetwork() {
        passes("figure-8-unreliable");
    }

    @Test
    void figure8StepByStep() {
        passes("figure-8-exact", 5);
    }

    @Test
    void unreliableNetworkChurn() {
        passes("unreliable-churn");
    }

    @Test
    void backupPastFiftyConflictingEntriesOnEachSide() {
        passes("backup");
    }

    @Test
    void snapshotToALaggingFollower() {
        passes("snapshot-lagging-follower");
    }

    @Test
    void aCandidateWithAStaleLogIsRefused() {
        passes("stale-log-candidate");
    }

    @Test
    void addAndRemoveMembersIncludingTheLeader() {
        passes("membership");
    }

    @Test
    void leadershipTransfer() {
        passes("leadership-transfer");
    }

    @Test
    void anAsymmetricPartitionDoesNotLivelock() {
        passes("asymmetric-partition");
    }

    @Test
    void everyScenarioHasATest() {
        assertThat(Scenarios.names()).containsExactlyInAnyOrder("initial-election", "leader-crash",
                "minority-no-leader", "partitioned-old-leader", "partitioned-old-leader-checkquorum", "figure-8",
                "figure-8-unreliable", "figure-8-exact", "unreliable-churn", "backup", "snapshot-lagging-follower",
                "stale-log-candidate", "membership", "leadership-transfer", "asymmetric-partition");
    }
}
