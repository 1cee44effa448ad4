package io.raftkv.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.raftkv.server.storage.postgres.TestPostgres;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code storage.backend: postgres}: a node killed in the middle of writes comes back with the others' rows. */
class PostgresCrashIT {
    @RegisterExtension
    final ClusterExtension clusterExtension = new ClusterExtension(3, ClusterStorage::postgres);

    @Test
    void aNodeKilledDuringWritesRestartsAndHoldsTheSameRowsAsTheOthers() throws Exception {
        LocalCluster cluster = clusterExtension.cluster();
        ClusterNode victim = cluster.others(cluster.awaitLeader()).getFirst();
        Map<String, String> acknowledged;
        try (BackgroundWriters writers = BackgroundWriters.start(cluster, 4)) {
            acknowledged = writers.acknowledged();
            await("writes before the kill").atMost(Duration.ofSeconds(20)).until(() -> acknowledged.size() >= 100);
            cluster.kill(victim);
            int beforeRestart = acknowledged.size();
            await("writes while it is down").atMost(Duration.ofSeconds(20))
                    .until(() -> acknowledged.size() >= beforeRestart + 100);
            cluster.restart(victim);
            int afterRestart = acknowledged.size();
            await("writes after the restart").atMost(Duration.ofSeconds(20))
                    .until(() -> acknowledged.size() >= afterRestart + 50);
        }

        ClusterStorage storage = cluster.storage();
        TestPostgres server = storage.server();
        List<ClusterNode> nodes = cluster.nodes();
        await("every schema holds the same rows").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    List<String> first = StoredRows.inSchema(server, storage.schemaOf(nodes.getFirst()));
                    for (ClusterNode node : nodes) {
                        assertThat(StoredRows.inSchema(server, storage.schemaOf(node))).as(node.id()).isEqualTo(first);
                    }
                });
        List<String> rows = StoredRows.inSchema(server, storage.schemaOf(victim));
        for (Map.Entry<String, String> write : acknowledged.entrySet()) {
            assertThat(rows).as("acknowledged " + write.getKey())
                    .anyMatch(row -> row.startsWith(write.getKey() + " " + write.getValue() + " "));
        }
        assertThat(appliedIndexes(server, storage, nodes)).as("applied indexes").containsOnly(
                StoredRows.appliedIndexInSchema(server, storage.schemaOf(nodes.getFirst())));
    }

    private static List<Long> appliedIndexes(TestPostgres server, ClusterStorage storage, List<ClusterNode> nodes)
            throws SQLException {
        List<Long> indexes = new java.util.ArrayList<>();
        for (ClusterNode node : nodes) {
            indexes.add(StoredRows.appliedIndexInSchema(server, storage.schemaOf(node)));
        }
        return indexes;
    }
}
