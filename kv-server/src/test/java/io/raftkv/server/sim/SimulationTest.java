package io.raftkv.server.sim;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CI run of the random schedules: 200 seeds across 3, 5 and 7 nodes, on all cores. A failure
 * names its seed and the command that replays it ({@code scripts/simulate.sh --seed S --nodes K}).
 */
class SimulationTest {
    static final int CI_SEEDS = 200;

    @Test
    void randomSchedulesKeepEveryInvariantAndStayLinearizable() {
        List<SimulationResult> failures = LongStream.rangeClosed(1, CI_SEEDS).parallel()
                .mapToObj(seed -> Simulation.random(seed, Simulation.defaultNodes(seed), false))
                .filter(r -> !r.ok())
                .toList();
        assertThat(failures).withFailMessage(() -> failures.size() + " of " + CI_SEEDS + " seeds failed:\n"
                + failures.stream().map(SimulationResult::summaryLine).collect(Collectors.joining("\n"))
                + "\n\nfirst failure:\n" + failures.getFirst().report()).isEmpty();
    }

    @Test
    void aSeedReplaysByteForByte() {
        for (int nodes : new int[] {3, 5, 7}) {
            SimulationResult first = Simulation.random(42, nodes, false);
            SimulationResult second = Simulation.random(42, nodes, false);
            assertThat(second.digest()).as("digest of seed 42 on %d nodes", nodes).isEqualTo(first.digest());
            assertThat(second.events()).isEqualTo(first.events());
            assertThat(second.virtualMicros()).isEqualTo(first.virtualMicros());
            assertThat(second.traceTail()).isEqualTo(first.traceTail());
            assertThat(first.operations()).as("client operations").isPositive();
        }
    }

    @Test
    void differentSeedsGiveDifferentRuns() {
        assertThat(Simulation.random(1, 3, false).digest()).isNotEqualTo(Simulation.random(2, 3, false).digest());
    }
}
