package io.raftkv.it;

import static io.raftkv.it.KvAssertions.assertStatus;
import static io.raftkv.it.KvHttp.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Snapshots and log compaction on real processes, with a snapshot every 200 entries: a node that is
 * behind the leader's log, or joins with none, catches up through the leader's snapshot.
 */
class CompactionIT {
    private static final String SNAPSHOT_EVERY_200 = "raft:\n  snapshot-entries: 200\n";
    private static final int KEYS = 100;
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private LocalCluster cluster;
    private KvHttp http;

    @BeforeEach
    void startCluster() {
        cluster = LocalCluster.start(3, LocalCluster.TEST_JVM_OPTIONS, ClusterStorage.bdb(), SNAPSHOT_EVERY_200);
        http = cluster.http();
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    private static String snapshotIndex(ClusterNode node) {
        return "raftkv_raft_snapshot_index{node=\"" + node.id() + "\"}";
    }

    private void write(ClusterNode leader, int from, int to) throws IOException, InterruptedException {
        for (int i = from; i < to; i++) {
            assertStatus(http.put(leader, "key/" + i % KEYS, "value " + i), i < KEYS ? 201 : 200);
        }
    }

    @Test
    void aFollowerThatMissedCompactedEntriesRecoversThroughTheLeadersSnapshot() throws Exception {
        ClusterNode leader = cluster.awaitLeader();
        write(leader, 0, KEYS);
        ClusterNode follower = cluster.others(leader).getFirst();
        cluster.kill(follower);

        write(leader, KEYS, 600);
        await("the leader compacted past what the stopped follower has").atMost(PATIENCE)
                .until(() -> cluster.metric(leader, snapshotIndex(leader)) >= 400);

        cluster.restart(follower);

        awaitCaughtUpThroughASnapshot(follower);
    }

    @Test
    void anEmptyNodeJoiningAfterCompactionCatchesUpThroughTheLeadersSnapshot() throws Exception {
        ClusterNode leader = cluster.awaitLeader();
        write(leader, 0, 600);
        await("the leader compacted its log").atMost(PATIENCE)
                .until(() -> cluster.metric(leader, snapshotIndex(leader)) >= 400);

        ClusterNode joined = cluster.join(cluster.others(leader).getFirst());

        awaitCaughtUpThroughASnapshot(joined);
        Members members = new Members(cluster);
        members.awaitCaughtUpLearner(joined);
        members.promote(leader, joined);
        assertThat(members.roles(cluster.awaitLeader())).hasSize(4).doesNotContainValue("learner");
    }

    private void awaitCaughtUpThroughASnapshot(ClusterNode node) {
        await(node + " installed the leader's snapshot").atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> cluster.metric(node, "raftkv_raft_snapshots_installed_total{node=\"" + node.id() + "\"}") >= 1);
        await(node + " holds every write").atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(IOException.class)
                .untilAsserted(() -> {
                    for (int key = 0; key < KEYS; key++) {
                        HttpResponse<byte[]> get = http.getSerializable(node, "key/" + key);
                        assertStatus(get, 200);
                        assertThat(text(get)).isEqualTo("value " + (500 + key));
                    }
                });
    }

    @Test
    void underSustainedWritesEveryNodeKeepsCompactingItsLog() throws Exception {
        ClusterNode leader = cluster.awaitLeader();

        write(leader, 0, 600);

        for (ClusterNode node : cluster.running()) {
            await(node + " compacted").atMost(PATIENCE)
                    .until(() -> cluster.metric(node, snapshotIndex(node)) >= 400);
        }
        ClusterNode restarted = cluster.others(leader).getFirst();
        cluster.terminate(restarted);
        cluster.restart(restarted);
        await("a node restarted after compaction resumes from its snapshot").atMost(PATIENCE)
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> text(http.getSerializable(restarted, "key/99")).equals("value 599"));
    }
}
