package io.raftkv.server.http;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real three-node cluster in one JVM: the cluster endpoints, followers proxying writes to the
 * leader and serving linearizable reads, and, last, what a lone survivor answers once no leader is left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ForwardingTest {
    @TempDir
    static Path dir;
    private static HttpCluster cluster;
    private static ApiClient client;
    private static String leader;
    private static String follower;
    private static String otherFollower;

    @BeforeAll
    static void start() {
        cluster = HttpCluster.start(dir, 3, "forwarding: proxy");
        client = cluster.client();
        leader = cluster.awaitLeader();
        follower = cluster.ids().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
        otherFollower = cluster.ids().stream().filter(id -> !id.equals(leader) && !id.equals(follower)).findFirst()
                .orElseThrow();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    @Order(1)
    void everyNodeDescribesTheCluster() {
        JsonObject status = ApiClient.json(client.get(cluster.uri(leader, "/api/v1/cluster/status")));
        assertThat(status.getString("id")).isEqualTo(leader);
        assertThat(status.getString("role")).isEqualTo("leader");
        assertThat(status.getJsonNumber("term").longValue()).isPositive();
        assertThat(status.getJsonObject("leader").getString("http")).isEqualTo(cluster.baseUrl(leader));
        assertThat(status.getJsonNumber("commitIndex").longValue()).isGreaterThanOrEqualTo(3);
        assertThat(status.getJsonArray("members")).hasSize(3);
        JsonObject member = status.getJsonArray("members").getJsonObject(0);
        assertThat(member.keySet()).contains("id", "http", "raft", "role", "matchIndex", "lag", "lastContactMillis");

        HttpResponse<byte[]> nodes = client.get(cluster.uri(follower, "/api/v1/cluster/nodes"));
        assertThat(ApiClient.json(nodes).getJsonArray("members").stream().map(m -> m.asJsonObject().getString("id")))
                .containsExactlyInAnyOrderElementsOf(cluster.ids());
        assertThat(nodes.headers().firstValue("X-Kv-Node")).contains(follower);
        assertThat(nodes.headers().firstValue("X-Kv-Leader")).contains(cluster.baseUrl(leader));

        JsonObject theLeader = ApiClient.json(client.get(cluster.uri(follower, "/api/v1/cluster/leader")));
        assertThat(theLeader.getString("id")).isEqualTo(leader);
        assertThat(theLeader.getString("http")).isEqualTo(cluster.baseUrl(leader));
        assertThat(theLeader.getString("raft")).startsWith("http://127.0.0.1:");

        HttpResponse<byte[]> health = client.get(cluster.uri(follower, "/health"));
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(ApiClient.json(health).getString("node")).isEqualTo(follower);
        assertThat(ApiClient.json(health).getString("role")).isEqualTo("follower");
        assertThat(ApiClient.json(health).getJsonObject("leader").getString("id")).isEqualTo(leader);
        assertThat(client.get(cluster.uri(follower, "/health/live")).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void aFollowerProxiesWritesAndServesLinearizableReads() {
        HttpResponse<byte[]> created = client.put(cluster.uri(follower, "/api/v1/kv/fwd%2Fkey"), "value");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("X-Kv-Node")).contains(follower);
        assertThat(ApiClient.json(created).getString("key")).isEqualTo("fwd/key");
        long revision = ApiClient.json(created).getJsonNumber("modRevision").longValue();
        assertThat(created.headers().firstValue("ETag")).contains("\"" + revision + "\"");

        assertThat(client.get(cluster.uri(otherFollower, "/api/v1/kv/fwd/key")).body()).asString().isEqualTo("value");

        HttpResponse<byte[]> conflict = client.put(cluster.uri(follower, "/api/v1/kv/fwd/key"), "x",
                "If-Match", "\"" + (revision + 1) + "\"");
        assertThat(conflict.statusCode()).isEqualTo(412);
        assertThat(ApiClient.error(conflict).getJsonNumber("currentModRevision").longValue()).isEqualTo(revision);

        HttpResponse<byte[]> deleted = client.delete(cluster.uri(follower, "/api/v1/kv/fwd/key"));
        assertThat(ApiClient.json(deleted).getInt("deleted")).isEqualTo(1);
        assertThat(client.get(cluster.uri(otherFollower, "/api/v1/kv/fwd/key")).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void anIdempotentRetryIsReplayedThroughAnyNode() {
        HttpResponse<byte[]> first = client.put(cluster.uri(follower, "/api/v1/kv/fwd-idem"), "1", "Idempotency-Key", "f-1");
        HttpResponse<byte[]> viaLeader = client.put(cluster.uri(leader, "/api/v1/kv/fwd-idem"), "2", "Idempotency-Key", "f-1");
        HttpResponse<byte[]> viaOther = client.put(cluster.uri(otherFollower, "/api/v1/kv/fwd-idem"), "3",
                "Idempotency-Key", "f-1");
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(viaLeader.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(viaOther.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(viaOther.body()).isEqualTo(first.body());
        assertThat(client.get(cluster.uri(leader, "/api/v1/kv/fwd-idem")).body()).asString().isEqualTo("1");
    }

    @Test
    @Order(4)
    void aWriteForwardedOnceThatReachesAFollowerGoesOnToTheLeaderButNotAfterTwoHops() {
        HttpResponse<byte[]> once = client.put(cluster.uri(follower, "/api/v1/kv/moved"), "v",
                "X-Kv-Forwarded-By", otherFollower);
        assertThat(once.statusCode()).isEqualTo(201);

        HttpResponse<byte[]> response = client.put(cluster.uri(follower, "/api/v1/kv/bounced"), "v",
                "X-Kv-Forwarded-By", otherFollower + "," + leader);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(ApiClient.error(response).getString("code")).isEqualTo("NO_LEADER");
        assertThat(response.headers().firstValue("Retry-After")).contains("1");
        assertThat(client.get(cluster.uri(leader, "/api/v1/kv/bounced")).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(5)
    void aLoneSurvivorHasNoLeaderAndSaysSo() {
        client.put(cluster.uri(leader, "/api/v1/kv/before"), "v");
        cluster.stop(leader);
        cluster.stop(otherFollower);
        await().atMost(HttpCluster.PATIENCE)
                .until(() -> client.get(cluster.uri(follower, "/health")).statusCode() == 503);

        HttpResponse<byte[]> write = client.put(cluster.uri(follower, "/api/v1/kv/after"), "v");
        assertThat(write.statusCode()).isEqualTo(503);
        assertThat(ApiClient.error(write).getString("code")).isEqualTo("NO_LEADER");
        assertThat(write.headers().firstValue("Retry-After")).contains("1");
        assertThat(write.headers().firstValue("X-Kv-Leader")).isEmpty();

        HttpResponse<byte[]> theLeader = client.get(cluster.uri(follower, "/api/v1/cluster/leader"));
        assertThat(theLeader.statusCode()).isEqualTo(503);
        assertThat(ApiClient.error(theLeader).getString("code")).isEqualTo("NO_LEADER");
        assertThat(ApiClient.json(client.get(cluster.uri(follower, "/health"))).isNull("leader")).isTrue();

        HttpResponse<byte[]> linearizable = client.get(cluster.uri(follower, "/api/v1/kv/before"));
        assertThat(linearizable.statusCode()).isEqualTo(503);
        assertThat(ApiClient.error(linearizable).getString("code")).isIn("NO_LEADER", "READ_TIMEOUT");
        assertThat(client.get(cluster.uri(follower, "/api/v1/kv/before?consistency=serializable")).statusCode())
                .isEqualTo(200);
    }
}
