package io.raftkv.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/v1/cluster/members} and {@code --join} on real nodes in one JVM, a fresh cluster per test. */
class MembershipApiTest {
    @TempDir
    Path dir;
    private HttpCluster cluster;
    private ApiClient client;

    private void start(int size) {
        cluster = HttpCluster.start(dir, size, "forwarding: proxy");
        client = cluster.client();
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private HttpResponse<byte[]> post(String on, String path, String body) {
        return client.send("POST", cluster.uri(on, path), body == null ? null : body.getBytes(),
                "Content-Type", "application/json");
    }

    /** Each member's role as node {@code on} lists them. */
    private Map<String, String> roles(String on) {
        return roles(client.get(cluster.uri(on, "/api/v1/cluster/members")));
    }

    private static Map<String, String> roles(HttpResponse<byte[]> response) {
        return ApiClient.json(response).getJsonArray("members").stream().map(JsonValue::asJsonObject)
                .collect(Collectors.toMap(m -> m.getString("id"), m -> m.getString("role")));
    }

    private String valueOn(String node, String key) {
        HttpResponse<byte[]> response = client.get(cluster.uri(node, "/api/v1/kv/" + key + "?consistency=serializable"));
        return response.statusCode() == 200 ? new String(response.body()) : null;
    }

    private static String code(HttpResponse<byte[]> response) {
        return ApiClient.error(response).getString("code");
    }

    @Test
    void aJoiningNodeIsAddedAsALearnerCatchesUpAndCanBePromoted() {
        start(3);
        String leader = cluster.awaitLeader();
        for (int i = 0; i < 20; i++) {
            assertThat(client.put(cluster.uri(leader, "/api/v1/kv/k" + i), "v" + i).statusCode()).isEqualTo(201);
        }

        cluster.join("node-4", cluster.aFollower(leader));

        assertThat(roles(leader)).containsEntry("node-4", "learner").hasSize(4);
        await().atMost(HttpCluster.PATIENCE).until(() -> "v19".equals(valueOn("node-4", "k19")));
        HttpResponse<byte[]> promoted = post(cluster.aFollower(leader), "/api/v1/cluster/members/node-4/promote", null);
        assertThat(promoted.statusCode()).as(new String(promoted.body())).isEqualTo(200);
        assertThat(roles(promoted)).containsEntry("node-4", "follower");
        await().atMost(HttpCluster.PATIENCE).until(() -> "follower".equals(roles("node-4").get("node-4")));
    }

    @Test
    void aJoinThroughAFollowerThatRedirectsReachesTheLeader() {
        cluster = HttpCluster.start(dir, 2, "forwarding: redirect");
        client = cluster.client();
        String leader = cluster.awaitLeader();

        cluster.join("node-3", cluster.aFollower(leader));

        assertThat(roles(leader)).containsEntry("node-3", "learner");
    }

    @Test
    void removingTheLeaderHandsLeadershipOverFirst() {
        start(3);
        String leader = cluster.awaitLeader();
        String follower = cluster.aFollower(leader);

        HttpResponse<byte[]> removed = client.delete(cluster.uri(follower, "/api/v1/cluster/members/" + leader));

        assertThat(removed.statusCode()).as(new String(removed.body())).isEqualTo(200);
        assertThat(roles(removed)).doesNotContainKey(leader).hasSize(2).containsValue("leader");
        cluster.stop(leader);
        assertThat(cluster.awaitLeader()).isNotEqualTo(leader);
        assertThat(client.put(cluster.uri(follower, "/api/v1/kv/after"), "removal").statusCode()).isEqualTo(201);
    }

    @Test
    void removingAVoterThatTheClusterCannotCommitWithoutIsRefusedUnlessForced() {
        start(2);
        String leader = cluster.awaitLeader();
        String follower = cluster.aFollower(leader);

        HttpResponse<byte[]> refused = client.delete(cluster.uri(leader, "/api/v1/cluster/members/" + follower));
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(code(refused)).isEqualTo("QUORUM_AT_RISK");
        assertThat(ApiClient.error(refused).getString("message")).contains("force=true");

        HttpResponse<byte[]> forced = client.delete(cluster.uri(leader, "/api/v1/cluster/members/" + follower + "?force=true"));
        assertThat(forced.statusCode()).as(new String(forced.body())).isEqualTo(200);
        assertThat(roles(forced)).containsOnlyKeys(leader);
    }

    @Test
    void changesThatMakeNoSenseAreRefusedWithTheirOwnCodes() {
        start(3);
        String leader = cluster.awaitLeader();
        String follower = cluster.aFollower(leader);
        Function<HttpResponse<byte[]>, String> status = r -> r.statusCode() + " " + code(r);

        assertThat(status.apply(client.delete(cluster.uri(follower, "/api/v1/cluster/members/node-9"))))
                .isEqualTo("404 MEMBER_NOT_FOUND");
        assertThat(status.apply(post(leader, "/api/v1/cluster/members/node-9/promote", null)))
                .isEqualTo("404 MEMBER_NOT_FOUND");
        assertThat(status.apply(post(leader, "/api/v1/cluster/members/" + follower + "/promote", null)))
                .isEqualTo("409 MEMBER_EXISTS");
        assertThat(status.apply(post(leader, "/api/v1/cluster/members",
                "{\"id\":\"" + follower + "\",\"http\":\"127.0.0.1:1\",\"raft\":\"127.0.0.1:2\"}")))
                .isEqualTo("409 MEMBER_EXISTS");
        assertThat(status.apply(post(leader, "/api/v1/cluster/members",
                "{\"id\":\"node-5\",\"http\":\"" + cluster.baseUrl(follower) + "\",\"raft\":\"127.0.0.1:2\"}")))
                .isEqualTo("400 INVALID_REQUEST");
        assertThat(roles(leader)).containsOnlyKeys("node-1", "node-2", "node-3");
    }

    @Test
    void malformedMemberRequestsAreBadRequests() {
        start(1);
        String leader = cluster.awaitLeader();
        for (String body : new String[] {"", "[]", "{", "{\"id\":\"node-4\"}", "{\"id\":\"a b\",\"http\":\"h:1\",\"raft\":\"h:2\"}",
                "{\"id\":\"n\",\"http\":\"ftp://h:1\",\"raft\":\"h:2\"}", "{\"id\":\"n\",\"http\":\"h:1/x\",\"raft\":\"h:2\"}",
                "{\"id\":\"n\",\"http\":\"h:1\",\"raft\":\"h:2\",\"learner\":\"yes\"}",
                "{\"id\":\"n\",\"http\":\"h:1\",\"raft\":\"h:2\",\"extra\":1}"}) {
            HttpResponse<byte[]> response = post(leader, "/api/v1/cluster/members", body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(code(response)).as(body).isEqualTo("INVALID_REQUEST");
        }
        HttpResponse<byte[]> badId = client.delete(cluster.uri(leader, "/api/v1/cluster/members/a%20b"));
        assertThat(badId.statusCode()).isEqualTo(400);
        HttpResponse<byte[]> badForce = client.delete(cluster.uri(leader, "/api/v1/cluster/members/node-1?force=maybe"));
        assertThat(code(badForce)).isEqualTo("INVALID_PARAMETER");
        assertThat(client.send("PUT", cluster.uri(leader, "/api/v1/cluster/members"), new byte[0]).statusCode())
                .isEqualTo(405);
        JsonObject health = ApiClient.json(client.get(cluster.uri(leader, "/health")));
        assertThat(health.getString("role")).isEqualTo("leader");
    }
}
