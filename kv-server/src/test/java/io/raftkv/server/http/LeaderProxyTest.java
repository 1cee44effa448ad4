package io.raftkv.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.raftkv.server.node.Member;
import jakarta.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LeaderProxy} between two real Helidon servers on loopback: a "follower" whose PUT handler
 * forwards to a "leader" that echoes what it received.
 */
class LeaderProxyTest {
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private final CountDownLatch release = new CountDownLatch(1);
    private final HttpClient client = HttpClient.newHttpClient();
    private final LeaderProxy proxy = new LeaderProxy("follower-1", TIMEOUT);
    private final WebServer leader = WebServer.builder().port(0).routing(this::leaderRoutes).build().start();
    private WebServer follower;

    @AfterEach
    void stop() {
        release.countDown();
        proxy.close();
        client.close();
        leader.stop();
        if (follower != null) {
            follower.stop();
        }
    }

    @Test
    void forwardsTheRequestAndRelaysTheLeadersAnswer() throws Exception {
        startFollower(leader.port());
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(followerUri("/api/v1/kv/a%2Fb?prevRevision=3"))
                .PUT(HttpRequest.BodyPublishers.ofString("v=1&x"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Idempotency-Key", "req-1")
                .header("If-Match", "\"3\"")
                .header("Cookie", "not=forwarded")
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(201);
        var echo = Json.createReader(new StringReader(answer.body())).readObject();
        assertThat(echo.getString("method")).isEqualTo("PUT");
        assertThat(echo.getString("target")).isEqualTo("/api/v1/kv/a%2Fb?prevRevision=3");
        assertThat(echo.getString("body")).isEqualTo("v=1&x");
        assertThat(echo.getString("forwardedBy")).isEqualTo("follower-1");
        assertThat(echo.getString("idempotencyKey")).isEqualTo("req-1");
        assertThat(echo.getString("ifMatch")).isEqualTo("\"3\"");
        assertThat(echo.getString("contentType")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(echo.getBoolean("cookie")).isFalse();

        assertThat(answer.headers().firstValue("ETag")).contains("\"7\"");
        assertThat(answer.headers().firstValue("X-Kv-Mod-Revision")).contains("7");
        assertThat(answer.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(answer.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(answer.headers().firstValue("X-Kv-Node")).as("the follower's own").contains("follower-1");
        assertThat(answer.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void aLeaderThatRefusesConnectionsIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        startFollower(closedPort);
        assertThat(put("/api/v1/kv/k").body()).isEqualTo("LEADER_UNREACHABLE");
    }

    @Test
    void aLeaderThatDoesNotAnswerInTimeLeavesTheOutcomeUnknown() throws Exception {
        startFollower(leader.port());
        assertThat(put("/api/v1/kv/slow").body()).isEqualTo("OUTCOME_UNKNOWN");
    }

    private void leaderRoutes(HttpRouting.Builder routing) {
        routing.put("/api/v1/kv/slow", (req, res) -> {
            release.await();
            res.send();
        }).route(Method.PUT, "/api/v1/kv/{+key}", (req, res) -> {
            String body = new String(req.content().inputStream().readAllBytes());
            res.header(HeaderNames.ETAG, "\"7\"")
                    .header("X-Kv-Mod-Revision", "7")
                    .header("X-Kv-Node", "leader-1")
                    .header("Idempotent-Replayed", "true")
                    .header("Set-Cookie", "a=b");
            JsonBodies.send(res, Status.CREATED_201, Json.createObjectBuilder()
                    .add("method", req.prologue().method().text())
                    .add("target", req.prologue().uriPath().rawPath() + "?" + req.prologue().query().rawValue())
                    .add("body", body)
                    .add("forwardedBy", header(req, "X-Kv-Forwarded-By"))
                    .add("idempotencyKey", header(req, "Idempotency-Key"))
                    .add("ifMatch", header(req, "If-Match"))
                    .add("contentType", header(req, "Content-Type"))
                    .add("cookie", req.headers().contains(HeaderNames.COOKIE))
                    .build());
        });
    }

    /** A follower that forwards every PUT; failures answer with just the error code. */
    private void startFollower(int leaderPort) {
        Member target = new Member("leader-1", URI.create("http://127.0.0.1:" + leaderPort),
                URI.create("http://127.0.0.1:1"));
        follower = WebServer.builder().port(0).routing(routing -> routing
                .error(ApiException.class, (req, res, e) -> res.status(e.code().status()).send(e.code().name()))
                .route(Method.PUT, "/api/v1/kv/{+key}", (req, res) -> {
                    res.header("X-Kv-Node", "follower-1");
                    proxy.forward(req, res, target, req.content().inputStream().readAllBytes());
                })).build().start();
    }

    private HttpResponse<String> put(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(followerUri(path)).PUT(HttpRequest.BodyPublishers.ofString("v")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI followerUri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + follower.port() + pathAndQuery);
    }

    private static String header(ServerRequest req, String name) {
        return req.headers().first(HeaderNames.create(name)).orElse("");
    }
}
