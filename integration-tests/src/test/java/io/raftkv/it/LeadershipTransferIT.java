package io.raftkv.it;

import static io.raftkv.it.KvAssertions.assertStatus;
import static io.raftkv.it.KvHttp.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code POST /api/v1/cluster/leadership} on real processes, under a write load. */
class LeadershipTransferIT {
    private static final int TRANSFERS = 20;

    @RegisterExtension
    static final ClusterExtension CLUSTER = new ClusterExtension(3);

    @Test
    void twentyTransfersUnderLoadLoseNoAcknowledgedWriteAndRefuseAtMostOneWritePerTransfer(TestReporter report) throws Exception {
        LocalCluster cluster = CLUSTER.cluster();
        KvHttp http = cluster.http();
        cluster.awaitConnected();
        Map<String, String> acknowledged;
        long refused;
        try (BackgroundWriters writers = BackgroundWriters.start(cluster, 1)) {
            acknowledged = writers.acknowledged();
            for (int i = 0; i < TRANSFERS; i++) {
                ClusterNode leader = cluster.awaitLeader();
                ClusterNode target = cluster.others(leader).get(i % 2);
                int before = acknowledged.size();

                HttpResponse<byte[]> moved = http.send(KvHttp.request(leader, "/api/v1/cluster/leadership")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"" + target.id() + "\"}")));

                assertStatus(moved, 200);
                assertThat(KvHttp.json(moved).objectValue("leader").flatMap(l -> l.stringValue("id"))).hasValue(target.id());
                await("writes acknowledged under the new leader").atMost(Duration.ofSeconds(10))
                        .until(() -> acknowledged.size() > before);
            }
            refused = writers.answered(503);
            report.publishEntry("refused (503) / acknowledged", refused + " / " + acknowledged.size());
        }

        assertThat(refused).as("writes refused with 503 during %d transfers", TRANSFERS).isLessThanOrEqualTo(TRANSFERS);
        List<ClusterNode> nodes = cluster.running();
        for (Map.Entry<String, String> write : acknowledged.entrySet()) {
            assertThat(text(http.get(nodes.get(write.getKey().hashCode() & 1), write.getKey()))).isEqualTo(write.getValue());
        }
    }
}
