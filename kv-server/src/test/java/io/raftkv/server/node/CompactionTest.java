package io.raftkv.server.node;

import io.raftkv.server.kv.Commands;
import io.raftkv.server.kv.KeyValue;
import io.raftkv.server.storage.LogStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Snapshots and log compaction on real nodes (JE and gRPC on loopback), every 50 entries. */
class CompactionTest {
    private static final int SNAPSHOT_ENTRIES = 50;

    @TempDir
    Path dir;
    private NodeCluster cluster;

    @AfterEach
    void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private void startCluster() {
        cluster = NodeCluster.start(dir, 3, settings -> settings.snapshotEvery(SNAPSHOT_ENTRIES, Long.MAX_VALUE));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void write(RaftNode leader, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            leader.write(Commands.put(bytes(prefix + (i % 40)), bytes(prefix + i))).orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    /** Every key {@link #write} left, with its last value and the version that counts each write once. */
    private static void assertHoldsEveryWrite(RaftNode node, String prefix, int count) {
        for (int key = 0; key < 40; key++) {
            int last = key + (count - 1 - key) / 40 * 40;
            KeyValue kv = node.get(bytes(prefix + key)).orElseThrow();
            assertThat(kv.value()).as(prefix + key).isEqualTo(bytes(prefix + last));
            assertThat(kv.version()).as(prefix + key).isEqualTo(1 + (count - 1 - key) / 40);
        }
    }

    @Test
    void aNodeSnapshotsItsStateAndCompactsItsLogOnceTheThresholdPasses() {
        startCluster();
        RaftNode leader = cluster.awaitLeader();

        write(leader, "k", 200);

        for (RaftNode node : cluster.nodes()) {
            LogStore log = cluster.logStore(node.id());
            await().atMost(NodeCluster.PATIENCE).until(() -> log.snapshot().index() >= 150);
            assertThat(log.lastIndex() - log.firstIndex() + 1).isLessThanOrEqualTo(2L * SNAPSHOT_ENTRIES);
            assertThat(log.entries(1, log.snapshot().index())).isEmpty();
        }
        assertHoldsEveryWrite(leader, "k", 200);
    }

    @Test
    void aFollowerBehindTheLeadersFirstIndexCatchesUpThroughTheLeadersSnapshot() {
        startCluster();
        RaftNode leader = cluster.awaitLeader();
        write(leader, "early", 20);
        String follower = cluster.aFollower().id();
        cluster.stop(follower);

        write(leader, "k", 300);
        LogStore leaderLog = cluster.logStore(leader.id());
        assertThat(leaderLog.firstIndex()).isGreaterThan(30);

        cluster.start(follower);
        RaftNode restarted = cluster.node(follower);
        await().atMost(NodeCluster.PATIENCE).until(() -> cluster.logStore(follower).snapshot().index() >= leaderLog.snapshot().index()
                && restarted.get(bytes("k19")).map(kv -> kv.version() == 8).orElse(false));
        assertHoldsEveryWrite(restarted, "k", 300);
    }

    @Test
    void aRestartedNodeResumesFromItsSnapshotAndTheEntriesAfterIt() {
        startCluster();
        RaftNode leader = cluster.awaitLeader();
        write(leader, "k", 130);
        String follower = cluster.aFollower().id();
        await().atMost(NodeCluster.PATIENCE).until(() -> cluster.logStore(follower).snapshot().index() >= 100);

        cluster.stop(follower);
        cluster.start(follower);

        RaftNode restarted = cluster.node(follower);
        await().atMost(NodeCluster.PATIENCE).until(() -> restarted.get(bytes("k9")).map(kv -> kv.version() == 4).orElse(false));
        assertHoldsEveryWrite(restarted, "k", 130);
    }
}
