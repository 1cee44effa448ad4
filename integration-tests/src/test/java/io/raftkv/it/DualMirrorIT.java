package io.raftkv.it;

import static io.raftkv.it.KvAssertions.assertStatus;
import static io.raftkv.it.KvHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.helidon.json.JsonObject;
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
    void start() throws Exception {
        postgres = TestPostgres.startPrivate(Files.createTempDirectory("raftkv-dual-pg-"));
        cluster = LocalCluster.start(3, LocalCluster.TEST_JVM_OPTIONS, ClusterStorage.on("dual", postgres));
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
                    .until(() -> mirror(http, node).flatMap(m -> m.stringValue("error")).isPresent());
            assertThat(mirror(http, node).flatMap(m -> m.longValue("lag"))).hasValueSatisfying(
                    lag -> assertThat(lag).isPositive());
        }

        postgres.start();
        for (int i = 0; i < 20; i++) {
            assertStatus(http.put(cluster.node(1 + i % 3), "after/" + i, "value " + i), 201);
        }
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
