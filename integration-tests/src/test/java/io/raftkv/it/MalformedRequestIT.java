package io.raftkv.it;

import static io.raftkv.it.KvAssertions.assertError;
import static io.raftkv.it.KvAssertions.assertStatus;
import static io.raftkv.it.KvHttp.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input gets a clear 4xx JSON error, or is refused, and the node stays up. Requests no HTTP
 * client would build go over a raw socket.
 */
class MalformedRequestIT {
    private static final int MAX_VALUE_BYTES = 1024 * 1024;
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);

    @RegisterExtension
    static final ClusterExtension CLUSTER = new ClusterExtension(3);

    private final LocalCluster cluster = CLUSTER.cluster();
    private final KvHttp http = cluster.http();
    private final ClusterNode node = cluster.node(1);

    @AfterEach
    void everyNodeStaysUpAndServes() throws Exception {
        assertThat(cluster.running()).hasSize(3);
        for (ClusterNode each : cluster.nodes()) {
            assertStatus(http.send(request(each, "/health/live").GET()), 200);
        }
        cluster.awaitLeader();
        assertThat(http.put(node, "still/serving", "yes").statusCode()).isIn(200, 201);
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource({
            "GET, /api/v1/kv/%zz, 400, INVALID_KEY",
            "PUT, /api/v1/kv/bad%2, 400, INVALID_KEY",
            "GET, /api/v1/kv/%C3%28, 400, INVALID_KEY",
            "PUT, /api/v1/kv/, 400, INVALID_KEY",
            "GET, /api/v1/kv/k?consistency=sometimes, 400, INVALID_PARAMETER",
            "PUT, /api/v1/kv/k?prevRevision=abc, 400, INVALID_PARAMETER",
            "DELETE, /api/v1/kv/k?prevRevision=-1, 400, INVALID_PARAMETER",
            "GET, /api/v1/kv?limit=lots, 400, INVALID_PARAMETER",
            "GET, /api/v1/nowhere, 404, NOT_FOUND",
            "GET, /, 404, NOT_FOUND",
            "POST, /api/v1/kv/k, 405, METHOD_NOT_ALLOWED",
            "DELETE, /api/v1/cluster/leader, 405, METHOD_NOT_ALLOWED",
    })
    void aMalformedRequestGetsAJsonError(String method, String target, int status, String code) throws Exception {
        byte[] body = method.equals("GET") || method.equals("DELETE") ? new byte[0] : "v".getBytes(StandardCharsets.UTF_8);
        try (RawHttp connection = new RawHttp("127.0.0.1", node.httpPort(), SOCKET_TIMEOUT)) {
            RawHttp.Response response = connection.exchange(RawHttp.request(method, target, "127.0.0.1", body));

            assertError(response, method + " " + target, status, code);
        }
    }

    @Test
    void aKeyOf4096BytesIsAcceptedAndOneByteMoreIsNot() throws Exception {
        String longest = "k".repeat(4096);

        assertStatus(http.put(node, longest, "fits"), 201);
        assertThat(KvHttp.text(http.get(node, longest))).isEqualTo("fits");
        assertError(http.put(node, longest + "k", "too long"), 400, "INVALID_KEY");
    }

    @Test
    void aValueOverTheLimitIs413AndOneAtTheLimitIsStored() throws Exception {
        byte[] atLimit = new byte[MAX_VALUE_BYTES];
        HttpRequest.Builder tooLarge = request(node, KvHttp.kvPath("big"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[MAX_VALUE_BYTES + 1]));

        assertError(http.send(tooLarge), 413, "VALUE_TOO_LARGE");
        assertStatus(http.send(request(node, KvHttp.kvPath("big")).PUT(HttpRequest.BodyPublishers.ofByteArray(atLimit))),
                201);
        assertThat(http.get(node, "big").body()).isEqualTo(atLimit);
    }

    @ParameterizedTest(name = "on the {0} port")
    @ValueSource(strings = {"HTTP", "Raft"})
    void garbageIsRefused(String port) throws Exception {
        // Enough bytes for the server to rule out every protocol it speaks; with only a few it
        // keeps waiting for more before it decides.
        byte[] garbage = new byte[64 * 1024];
        new Random(42).nextBytes(garbage);
        try (RawHttp connection = new RawHttp("127.0.0.1", port.equals("HTTP") ? node.httpPort() : node.raftPort(),
                SOCKET_TIMEOUT)) {
            assertThat(connection.sendAndAwaitClose(garbage)).as("the connection is closed").isTrue();
        }
    }
}
