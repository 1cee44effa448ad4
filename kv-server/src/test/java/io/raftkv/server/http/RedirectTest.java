package io.raftkv.server.http;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** With {@code http.forwarding: redirect}, a follower sends writers to the leader with a 307. */
class RedirectTest {
    @TempDir
    static Path dir;
    private static HttpCluster cluster;
    private static ApiClient client;
    private static String leader;
    private static String follower;

    @BeforeAll
    static void start() {
        cluster = HttpCluster.start(dir, 3, "forwarding: redirect");
        client = cluster.client();
        leader = cluster.awaitLeader();
        follower = cluster.aFollower(leader);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aFollowerRedirectsWritesToTheSamePathOnTheLeader() {
        HttpResponse<byte[]> redirect = client.put(cluster.uri(follower, "/api/v1/kv/r%2Fk?prevRevision=0"), "v");
        assertThat(redirect.statusCode()).isEqualTo(307);
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo(cluster.baseUrl(leader) + "/api/v1/kv/r%2Fk?prevRevision=0");
        assertThat(redirect.headers().firstValue("X-Kv-Leader")).contains(cluster.baseUrl(leader));
        assertThat(client.get(cluster.uri(leader, "/api/v1/kv/r/k")).statusCode()).as("nothing written").isEqualTo(404);

        assertThat(client.put(URI.create(location), "v").statusCode()).isEqualTo(201);
        assertThat(client.get(cluster.uri(follower, "/api/v1/kv/r/k")).body()).as("reads stay local").asString()
                .isEqualTo("v");
        assertThat(client.delete(cluster.uri(follower, "/api/v1/kv/r/k")).statusCode()).isEqualTo(307);
    }
}
