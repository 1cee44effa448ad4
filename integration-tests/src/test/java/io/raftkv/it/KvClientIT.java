package io.raftkv.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftkv.client.KvClient;
import io.raftkv.client.KvEntry;
import io.raftkv.client.PreconditionFailedException;
import io.raftkv.client.PutResult;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client SDK against the server built from the same tree: the API version it says it speaks is
 * the one the server serves, and each call means what the server does. Failover under kills is for
 * a later test; here the cluster stays healthy.
 */
class KvClientIT {
    @RegisterExtension
    static final ClusterExtension CLUSTER = new ClusterExtension(3);

    private static KvClient client;

    @BeforeAll
    static void connect() {
        client = KvClient.builder()
                .endpoints(CLUSTER.cluster().nodes().stream().map(node -> node.http().toString()).toList())
                .listPageSize(10) // several pages for the listing test
                .build();
    }

    @AfterAll
    static void disconnect() {
        client.close();
    }

    @Test
    void theServerServesTheApiVersionTheClientSupports() {
        assertThat(KvClient.SUPPORTED_API_VERSIONS).isEqualTo("v1");
        assertThat(client.clusterStatus()).isNotNull(); // GET /api/v1/cluster/status
    }

    @Test
    void putGetCompareAndSetAndDeleteMeanWhatTheServerDoes() {
        PutResult created = client.put("sdk/key", "v1");
        assertThat(created.created()).isTrue();
        assertThat(client.get("sdk/key")).map(KvEntry::valueAsString).hasValue("v1");

        PutResult swapped = client.compareAndSet("sdk/key", created.modRevision(), "v2");
        assertThat(swapped.version()).isEqualTo(2);
        assertThatThrownBy(() -> client.compareAndSet("sdk/key", created.modRevision(), "v3"))
                .isInstanceOfSatisfying(PreconditionFailedException.class,
                        e -> assertThat(e.currentModRevision()).isEqualTo(swapped.modRevision()));
        assertThatThrownBy(() -> client.putIfAbsent("sdk/key", "v4")).isInstanceOf(PreconditionFailedException.class);

        client.delete("sdk/key");
        assertThat(client.get("sdk/key")).isEmpty();
    }

    @Test
    void writesGoToTheLeaderTheClientLearns() {
        client.put("sdk/leader", "x");

        assertThat(client.leader()).hasValue(CLUSTER.cluster().awaitLeader().http().toString());
    }

    @Test
    void listingPagesThroughEveryKeyInOrder() {
        for (int i = 0; i < 25; i++) {
            client.put("sdk/list/" + (char) ('a' + i), "v" + i);
        }

        List<String> keys = client.listKeys("sdk/list/").toList();

        assertThat(keys).hasSize(25).isSorted().startsWith("sdk/list/a").endsWith("sdk/list/y");
    }
}
