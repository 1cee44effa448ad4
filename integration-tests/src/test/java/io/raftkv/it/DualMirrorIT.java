package io.raftkv.it;

import static io.raftkv.it.KvAssertions.assertStatus;
import static io.raftkv.it.KvHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.helidon.json.JsonObject;
import io.helidon.json.JsonValueType;
import io.raftkv.server.storage.postgres.TestPostgres;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code storage.backend: dual} on a PostgreSQL of its own, which the test stops and starts again:
 * the nodes go on serving from Berkeley DB JE, report the mirror's lag, and catch PostgreSQL up.
 */
class DualMirrorIT {
    private TestPostgres postgres;
    private LocalCluster cluster;

    @BeforeEach
    void startPostgres() throws Exception {
        postgres = TestPostgres.startPrivate(Files.createTempDirectory("raftkv-dual-pg-"));
    }

    private void startCluster(String extraYaml) {
        cluster = LocalCluster.start(3, LocalCluster.TEST_JVM_OPTIONS, ClusterStorage.on("dual", postgres), extraYaml);
        cluster.awaitLeader();
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void whilePostgresIsDownWritesSucceedAndWhenItReturnsEveryMirrorCatchesUpAndMatchesJe() throws Exception {
        startCluster("");
        KvHttp http = cluster.http();
        for (int i = 0; i < 50; i++) {
            assertStatus(http.put(cluster.node(1 + i % 3), "before/" + i, "value " + i), 201);
        }
        awaitMirrorsMatchJe();

        postgres.stop();
        for (int i = 0; i < 100; i++) {
            assertStatus(http.put(cluster.node(1 + i % 3), "during/" + i, "value " + i), 201);
        }
        for (ClusterNode node : cluster.nodes()) {
            await(node.id() + " reports its mirror behind").atMost(Duration.ofSeconds(30))
                    .until(() -> mirror(http, node).flatMap(m -> m.value("error"))
                            .filter(error -> error.type() == JsonValueType.STRING).isPresent());
            assertThat(mirror(http, node).flatMap(m -> m.longValue("lag"))).hasValueSatisfying(
                    lag -> assertThat(lag).isPositive());
        }

        postgres.start();
        for (int i = 0; i < 20; i++) {
            assertStatus(http.put(cluster.node(1 + i % 3), "after/" + i, "value " + i), 201);
        }
        awaitMirrorsMatchJe();
    }

    /**
     * A follower that missed entries the leader compacted installs the leader's snapshot into JE; its
     * mirror, now behind the start of its log, copies that snapshot and replays on from it.
     */
    @Test
    void aFollowerThatInstallsTheLeadersSnapshotCopiesItIntoItsMirror() throws Exception {
        startCluster("raft:\n  snapshot-entries: 200\n");
        KvHttp http = cluster.http();
        ClusterNode leader = cluster.awaitLeader();
        for (int i = 0; i < 100; i++) {
            assertStatus(http.put(leader, "key/" + i, "value " + i), 201);
        }
        ClusterNode follower = cluster.others(leader).getFirst();
        cluster.kill(follower);
        for (int i = 100; i < 600; i++) {
            assertStatus(http.put(leader, "key/" + i % 100, "value " + i), 200);
        }
        await("the leader compacted past what the stopped follower has").atMost(Duration.ofSeconds(60))
                .until(() -> cluster.metric(leader, "raftkv_raft_snapshot_index{node=\"" + leader.id() + "\"}") >= 400);

        cluster.restart(follower);

        await(follower + " installed the leader's snapshot").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> cluster.metric(follower, "raftkv_raft_snapshots_installed_total{node=\"" + follower.id() + "\"}") >= 1);
        awaitMirrorsMatchJe();
    }

    /** Waits until every node's mirror reports no lag and its schema's rows are its JE replica's. */
    private void awaitMirrorsMatchJe() {
        KvHttp http = cluster.http();
        ClusterStorage storage = cluster.storage();
        for (ClusterNode node : cluster.nodes()) {
            await(node.id() + "'s mirror matches its JE state").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> {
                        assertThat(mirror(http, node).flatMap(m -> m.longValue("lag"))).hasValue(0L);
                        assertThat(StoredRows.inSchema(postgres, storage.schemaOf(node)))
                                .isEqualTo(StoredRows.onNode(http, node));
                    });
        }
    }

    private static Optional<JsonObject> mirror(KvHttp http, ClusterNode node) throws Exception {
        return json(http.send(KvHttp.request(node, "/health").GET())).objectValue("mirror");
    }
}
