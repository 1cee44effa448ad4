package io.raftkv.it;

import static io.raftkv.it.KvAssertions.assertStatus;
import static io.raftkv.it.KvHttp.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The leader dies or stops; the survivors take over and nothing acknowledged is lost. Each test gets a fresh cluster. */
class LeaderFailoverIT {
    @RegisterExtension
    final ClusterExtension clusterExtension = new ClusterExtension(3);

    private LocalCluster cluster;
    private KvHttp http;

    @BeforeEach
    void useTheFreshCluster() {
        cluster = clusterExtension.cluster();
        http = cluster.http();
    }

    @Test
    void writesSucceedThroughTheSurvivorsWithin3sOfKillingTheLeaderAndNoAcknowledgedWriteIsLost() throws Exception {
        ClusterNode leader = cluster.awaitLeader();
        Map<String, String> acknowledged;
        try (BackgroundWriters writers = BackgroundWriters.start(cluster, 4)) {
            acknowledged = writers.acknowledged();
            await("writes acknowledged before the kill").atMost(Duration.ofSeconds(10))
                    .until(() -> acknowledged.size() >= 50);

            cluster.kill(leader);
            int acknowledgedBeforeTheKill = acknowledged.size();
            cluster.awaitWriteThrough(cluster.running(), "after-kill", Duration.ofSeconds(3));
            await("the writers' writes acknowledged after the kill").atMost(Duration.ofSeconds(10))
                    .until(() -> acknowledged.size() >= acknowledgedBeforeTheKill + 50);
        }

        ClusterNode reader = cluster.running().getFirst();
        for (Map.Entry<String, String> write : acknowledged.entrySet()) {
            HttpResponse<byte[]> get = http.get(reader, write.getKey());
            assertStatus(get, 200);
            assertThat(text(get)).as(write.getKey()).isEqualTo(write.getValue());
        }
    }

    @Test
    void aRestartedLeaderCatchesUpOnTheWritesItMissed() throws Exception {
        ClusterNode oldLeader = cluster.awaitLeader();
        assertStatus(http.put(oldLeader, "before", "the kill"), 201);
        cluster.kill(oldLeader);
        ClusterNode newLeader = cluster.awaitLeader();
        for (int i = 0; i < 20; i++) {
            assertStatus(http.put(newLeader, "missed/" + i, "value " + i), 201);
        }

        cluster.restart(oldLeader);

        await("the restarted node's own replica has the writes it missed").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(IOException.class)
                .untilAsserted(() -> {
                    for (int i = 0; i < 20; i++) {
                        HttpResponse<byte[]> get = http.getSerializable(oldLeader, "missed/" + i);
                        assertThat(get.statusCode()).isEqualTo(200);
                        assertThat(text(get)).isEqualTo("value " + i);
                    }
                });
        assertThat(text(http.getSerializable(oldLeader, "before"))).isEqualTo("the kill");
    }

    @Test
    void aTerminatedLeaderHandsOffLeadershipBeforeItExits() throws Exception {
        ClusterNode leader = cluster.awaitLeader();
        // Right after start a follower's stream to the other may still be connecting; the new leader
        // would then hear from nobody and step down after an election timeout, as it should.
        cluster.awaitConnected();

        cluster.terminate(leader);

        assertThat(leader.exitCode()).as("exit code after SIGTERM").isIn(0, 143);
        // An election without a hand-off cannot finish this soon: a follower waits at least one
        // election timeout (1 s by default) after the last heartbeat before it campaigns.
        cluster.awaitWriteThrough(cluster.running(), "after-stop", Duration.ofMillis(900));
    }
}
