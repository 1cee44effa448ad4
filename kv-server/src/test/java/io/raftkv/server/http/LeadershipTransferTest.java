package io.raftkv.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/v1/cluster/leadership} on a real three-node cluster in one JVM. */
class LeadershipTransferTest {
    @TempDir
    static Path dir;
    private static HttpCluster cluster;
    private static ApiClient client;

    @BeforeAll
    static void start() {
        cluster = HttpCluster.start(dir, 3, "forwarding: proxy");
        client = cluster.client();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static HttpResponse<byte[]> transfer(String on, String body) {
        return client.send("POST", cluster.uri(on, "/api/v1/cluster/leadership"), body == null ? null : body.getBytes(),
                "Content-Type", "application/json");
    }

    private static String newLeaderIn(HttpResponse<byte[]> response) {
        assertThat(response.statusCode()).as(new String(response.body())).isEqualTo(200);
        JsonObject leader = ApiClient.json(response).getJsonObject("leader");
        assertThat(leader.getString("http")).isEqualTo(cluster.baseUrl(leader.getString("id")));
        return leader.getString("id");
    }

    @Test
    void theLeaderHandsLeadershipToTheNamedFollower() {
        String leader = cluster.awaitLeader();
        String follower = cluster.aFollower(leader);

        String answered = newLeaderIn(transfer(leader, "{\"to\": \"" + follower + "\"}"));

        assertThat(answered).isEqualTo(follower);
        await().atMost(HttpCluster.PATIENCE).until(() -> follower.equals(cluster.awaitLeader()));
    }

    @Test
    void onAFollowerWithoutATargetTheLeaderPicksAFollowerOfItsOwn() {
        String leader = cluster.awaitLeader();
        String follower = cluster.aFollower(leader);

        String answered = newLeaderIn(transfer(follower, null));

        assertThat(answered).isNotEqualTo(leader);
        await().atMost(HttpCluster.PATIENCE).until(() -> answered.equals(cluster.awaitLeader()));
    }

    @Test
    void namingTheLeaderItselfChangesNothing() {
        String leader = cluster.awaitLeader();

        assertThat(newLeaderIn(transfer(leader, "{\"to\": \"" + leader + "\"}"))).isEqualTo(leader);
        assertThat(cluster.awaitLeader()).isEqualTo(leader);
    }

    @Test
    void aTargetThatIsNotAVoterIsABadRequest() {
        String leader = cluster.awaitLeader();

        HttpResponse<byte[]> response = transfer(leader, "{\"to\": \"node-9\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(ApiClient.error(response).getString("code")).isEqualTo("INVALID_REQUEST");
        assertThat(ApiClient.error(response).getString("message")).contains("node-9");
    }

    @Test
    void aMalformedBodyIsABadRequestThatNamesTheProblem() {
        String leader = cluster.awaitLeader();

        for (String body : new String[] {"{\"to\": ", "[\"node-2\"]", "{\"target\": \"node-2\"}", "{\"to\": 2}"}) {
            HttpResponse<byte[]> response = transfer(leader, body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(ApiClient.error(response).getString("code")).as(body).isEqualTo("INVALID_REQUEST");
        }
        assertThat(cluster.awaitLeader()).isEqualTo(leader);
    }

    @Test
    void onlyPostIsAllowed() {
        HttpResponse<byte[]> response = client.get(cluster.uri("node-1", "/api/v1/cluster/leadership"));

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    }
}
