package io.raftkv.server.sim;

import io.raftkv.server.raft.RaftConfig.BrokenRule;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator has teeth: with one of the core's safety rules switched off, a targeted schedule
 * reports a safety failure (an invariant or linearizability, not liveness) within a few seeds.
 * The same schedules pass with the rules intact (see {@link ScenarioTest}).
 */
class BrokenRuleTest {
    /** Seeds tried per rule; each schedule takes well under a second. */
    private static final int SEED_BUDGET = 10;

    private static SimulationResult firstFailure(String scenario, BrokenRule rule, int nodes) {
        for (long seed = 1; seed <= SEED_BUDGET; seed++) {
            SimParams params = SimParams.defaults(seed, nodes).withBrokenRules(Set.of(rule));
            SimulationResult r = Scenarios.run(scenario, params, false);
            if (!r.ok()) {
                return r;
            }
        }
        return null;
    }

    private static void caught(String scenario, BrokenRule rule, int nodes, String... expectedKinds) {
        SimulationResult failure = firstFailure(scenario, rule, nodes);
        assertThat(failure).as("a failure of %s with %s broken within %d seeds", scenario, rule, SEED_BUDGET).isNotNull();
        assertThat(Arrays.stream(expectedKinds).anyMatch(failure.failure()::startsWith))
                .as("a safety failure, got:\n%s", failure.report()).isTrue();
        assertThat(failure.replayCommand()).contains("--seed " + failure.seed(), "--scenario " + scenario);
    }

    @Test
    void committingAnEarlierTermsEntryByCountingIsCaughtByFigure8() {
        caught("figure-8-exact", BrokenRule.COMMIT_PREVIOUS_TERM_BY_COUNTING, 5,
                "leader completeness", "state machine safety", "applied prefixes", "linearizability");
    }

    @Test
    void answeringReadIndexWithoutAHeartbeatQuorumIsCaughtOnAPartitionedOldLeader() {
        caught("partitioned-old-leader", BrokenRule.READ_INDEX_WITHOUT_HEARTBEAT_QUORUM, 5,
                "read index", "scenario: the partitioned old leader", "linearizability");
    }

    @Test
    void grantingAVoteWithoutTheLogCheckIsCaughtWhenAStaleNodeCampaigns() {
        caught("stale-log-candidate", BrokenRule.VOTE_WITHOUT_LOG_CHECK, 5,
                "leader completeness", "state machine safety", "applied prefixes", "linearizability", "log matching");
    }
}
