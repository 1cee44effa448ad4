package io.raftkv.server.node;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Nodes that apply the same log must not all scan their state at the same index. */
class SnapshotSpreadTest {
    @Test
    void theQuickStartsNodesGetFactorsAtLeastOnePercentApart() {
        List<Double> factors = List.of("node-1", "node-2", "node-3").stream()
                .map(Driver::snapshotSpread).sorted().toList();

        assertThat(factors).allSatisfy(f -> assertThat(f).isBetween(1.0, 1.2));
        for (int i = 1; i < factors.size(); i++) {
            assertThat(factors.get(i) - factors.get(i - 1)).as("factors %s", factors).isGreaterThan(0.01);
        }
    }

    @Test
    void aNodeKeepsItsFactorAcrossRestarts() {
        assertThat(Driver.snapshotSpread("node-2")).isEqualTo(Driver.snapshotSpread("node-2"));
    }
}
