package io.raftkv.it;

import static io.raftkv.it.KvAssertions.assertStatus;
import static org.awaitility.Awaitility.await;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /api/v1/cluster/members} on a {@link LocalCluster}: who is a member, and changing that. */
final class Members {
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private final LocalCluster cluster;

    Members(LocalCluster cluster) {
        this.cluster = cluster;
    }

    /** Each member's role as {@code on} lists them (leader, follower, learner, …); empty if it does not answer. */
    Map<String, String> roles(ClusterNode on) {
        Map<String, String> roles = new LinkedHashMap<>();
        try {
            HttpResponse<byte[]> response = cluster.http().send(KvHttp.request(on, "/api/v1/cluster/members").GET());
            if (response.statusCode() != 200) {
                return roles;
            }
            try (JsonReader reader = Json.createReader(new ByteArrayInputStream(response.body()))) {
                for (JsonObject m : reader.readObject().getJsonArray("members").getValuesAs(JsonObject.class)) {
                    roles.put(m.getString("id"), m.getString("role"));
                }
            }
        } catch (IOException e) {
            return roles;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return roles;
    }

    /** Waits until {@code node} has joined as a learner and holds everything the leader committed. */
    void awaitCaughtUpLearner(ClusterNode node) {
        await(node.id() + " added as a learner").atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> "learner".equals(roles(cluster.awaitLeader()).get(node.id())));
        await(node.id() + " caught up").atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> lag(cluster.awaitLeader(), node) < 100);
    }

    /** Promotes learner {@code node} through {@code via}, retrying while the leader waits for it to catch up. */
    void promote(ClusterNode via, ClusterNode node) {
        await("promoting " + node.id()).atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> answered(KvHttp.request(via, "/api/v1/cluster/members/" + node.id() + "/promote")
                        .POST(HttpRequest.BodyPublishers.noBody())));
    }

    /** Removes {@code node} through {@code via}, retrying while the cluster cannot answer. */
    void remove(ClusterNode via, ClusterNode node) {
        await("removing " + node.id()).atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> answered(KvHttp.request(via, "/api/v1/cluster/members/" + node.id()).DELETE()));
    }

    /** True on 200; false on an answer that asks for a retry (it carries Retry-After); fails the test on others. */
    private boolean answered(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = cluster.http().send(request);
        if (response.headers().firstValue("Retry-After").isPresent()) {
            return false;
        }
        assertStatus(response, 200);
        return true;
    }

    /** {@code node}'s lag in entries as {@code leader} reports it; MAX_VALUE if unknown. */
    private long lag(ClusterNode leader, ClusterNode node) throws IOException, InterruptedException {
        HttpResponse<byte[]> status = cluster.http().send(KvHttp.request(leader, "/api/v1/cluster/status").GET());
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(status.body()))) {
            return reader.readObject().getJsonArray("members").getValuesAs(JsonObject.class).stream()
                    .filter(m -> m.getString("id").equals(node.id()))
                    .mapToLong(m -> m.getJsonNumber("lag").longValue())
                    .filter(lag -> lag >= 0)
                    .findFirst().orElse(Long.MAX_VALUE);
        }
    }
}
