package io.raftkv.server;

import io.raftkv.server.node.Member;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --join URL}: asks a running member to add this node as a learner ({@code POST
 * /api/v1/cluster/members}; a follower hands it to the leader) and returns the members it answers
 * with. Retries while the cluster cannot answer (no leader, another change in flight, the member
 * unreachable) until the patience runs out. A node the cluster already lists with the same
 * addresses (a retried join whose first try went through) counts as joined.
 */
final class ClusterJoin {
    private static final Logger log = LoggerFactory.getLogger(ClusterJoin.class);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Duration PAUSE = Duration.ofMillis(500);

    // Following redirects: a member with http.forwarding: redirect answers a follower's 307 to the leader.
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final URI cluster;
    private final Member self;

    ClusterJoin(URI cluster, Member self) {
        this.cluster = cluster;
        this.self = self;
    }

    /**
     * The members once this node is one.
     *
     * @throws IllegalStateException when the cluster refuses the join, or does not answer in time
     */
    List<Member> join() {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        String body = Json.createObjectBuilder()
                .add("id", self.id()).add("http", self.http().toString()).add("raft", self.raft().toString())
                .add("learner", true).build().toString();
        String problem = "";
        while (System.nanoTime() - deadline < 0) {
            try {
                HttpResponse<byte[]> answer = send(HttpRequest.newBuilder(cluster.resolve("/api/v1/cluster/members"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
                JsonObject json = json(answer.body());
                if (answer.statusCode() == 201) {
                    log.info("Joined the cluster through {} as a learner", cluster);
                    return members(json);
                }
                String code = errorCode(json);
                if ("MEMBER_EXISTS".equals(code)) {
                    return alreadyJoined();
                }
                problem = answer.statusCode() + " " + code + ": " + errorMessage(json);
                if (answer.statusCode() < 500 && !"MEMBERSHIP_CHANGE_IN_PROGRESS".equals(code)) {
                    throw new IllegalStateException("the cluster at " + cluster + " refused to add " + self.id() + ": " + problem);
                }
            } catch (IOException e) {
                problem = "cannot reach " + cluster + ": " + e;
            }
            log.info("Not joined yet ({}); retrying", problem);
            pause();
        }
        throw new IllegalStateException("could not join the cluster at " + cluster + " within " + PATIENCE.toSeconds()
                + " s; last: " + problem);
    }

    private List<Member> alreadyJoined() throws IOException {
        List<Member> members = members(json(send(HttpRequest.newBuilder(cluster.resolve("/api/v1/cluster/members"))
                .GET()).body()));
        if (!members.contains(self)) {
            throw new IllegalStateException("the cluster at " + cluster + " already has a member " + self.id()
                    + " at other addresses; remove it first, or give this node another id");
        }
        log.info("Already a member of the cluster at {}", cluster);
        return members;
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while joining", e);
        }
    }

    private static List<Member> members(JsonObject json) {
        JsonArray array = json.getJsonArray("members");
        List<Member> members = new ArrayList<>();
        for (JsonValue value : array) {
            JsonObject m = value.asJsonObject();
            members.add(new Member(m.getString("id"), URI.create(m.getString("http")), URI.create(m.getString("raft"))));
        }
        return members;
    }

    private static JsonObject json(byte[] body) {
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            return reader.readObject();
        } catch (RuntimeException e) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
    }

    private static String errorCode(JsonObject json) {
        JsonObject error = json.getJsonObject("error");
        return error == null ? "?" : error.getString("code", "?");
    }

    private static String errorMessage(JsonObject json) {
        JsonObject error = json.getJsonObject("error");
        return error == null ? "" : error.getString("message", "");
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while joining", e);
        }
    }
}
