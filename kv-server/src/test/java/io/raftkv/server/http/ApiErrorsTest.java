package io.raftkv.server.http;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input gets a clear 4xx JSON error with the node headers, whether the API or Helidon (before
 * routing) turns it down, and the node stays up. One real node, 1 KiB values.
 */
@ExtendWith(SharedNode.class)
class ApiErrorsTest {
    private static HttpCluster cluster;
    private static ApiClient client;
    private static int port;

    @BeforeAll
    static void start(HttpCluster shared) {
        cluster = shared;
        client = cluster.client();
        port = cluster.httpPort("node-1");
    }

    @Test
    void malformedKeysAreInvalidKeys() {
        assertRawError(RawHttp.get(port, "/api/v1/kv/%zz"), 400, "INVALID_KEY");
        assertRawError(RawHttp.get(port, "/api/v1/kv/a%2"), 400, "INVALID_KEY");
        assertError(client.get(cluster.uri("node-1", "/api/v1/kv/%C3%28")), 400, "INVALID_KEY");
        assertError(client.put(cluster.uri("node-1", "/api/v1/kv/%FF"), "v"), 400, "INVALID_KEY");
        assertError(client.get(cluster.uri("node-1", "/api/v1/kv/")), 400, "INVALID_KEY");
        assertError(client.put(cluster.uri("node-1", "/api/v1/kv/"), "v"), 400, "INVALID_KEY");
        assertError(client.put(cluster.uri("node-1", "/api/v1/kv/" + "k".repeat(4097)), "v"), 400, "INVALID_KEY");
        assertThat(client.put(cluster.uri("node-1", "/api/v1/kv/" + "k".repeat(4096)), "v").statusCode()).isEqualTo(201);
    }

    @Test
    void malformedQueriesAndHeadersAreInvalidParameters() {
        assertRawError(RawHttp.get(port, "/api/v1/kv/k?consistency=%zz"), 400, "INVALID_PARAMETER");
        assertError(client.put(cluster.uri("node-1", "/api/v1/kv/k?prevRevison=1"), "v"), 400, "INVALID_PARAMETER");
        assertError(client.put(cluster.uri("node-1", "/api/v1/kv/k?prevRevision=x"), "v"), 400, "INVALID_PARAMETER");
        assertError(client.put(cluster.uri("node-1", "/api/v1/kv/k"), "v", "If-Match", "7"), 400, "INVALID_PARAMETER");
        assertError(client.put(cluster.uri("node-1", "/api/v1/kv/k"), "v", "If-None-Match", "\"7\""), 400,
                "INVALID_PARAMETER");
    }

    @Test
    void valuesOverTheLimitAre413WhetherDeclaredOrChunked() {
        assertThat(client.put(cluster.uri("node-1", "/api/v1/kv/at-limit"), new byte[1024]).statusCode()).isEqualTo(201);
        assertError(client.put(cluster.uri("node-1", "/api/v1/kv/over"), new byte[1025]), 413, "VALUE_TOO_LARGE");
        assertRawError(RawHttp.send(port, "PUT /api/v1/kv/chunked HTTP/1.1\r\nTransfer-Encoding: chunked",
                RawHttp.chunked(4096)), 413, "VALUE_TOO_LARGE");
        assertThat(client.get(cluster.uri("node-1", "/api/v1/kv/over")).statusCode()).isEqualTo(404);
        assertThat(client.get(cluster.uri("node-1", "/api/v1/kv/chunked")).statusCode()).isEqualTo(404);
    }

    @Test
    void aBodyOverTheLimitIsReadToItsEndSoTheConnectionStaysOpen() {
        RawHttp.Response[] responses = RawHttp.sendThenGet(port, "PUT /api/v1/kv/over HTTP/1.1\r\nContent-Length: 2048",
                new byte[2048], "/api/v1/kv/over");

        assertRawError(responses[0], 413, "VALUE_TOO_LARGE");
        assertThat(responses[0].header("Connection")).isNotEqualTo("close");
        assertRawError(responses[1], 404, "KEY_NOT_FOUND");
    }

    @Test
    void unknownPathsAre404() {
        for (String path : new String[] {"/", "/api/v1/kvx", "/api/v2/kv/k", "/health/", "/api/v1/cluster"}) {
            assertError(client.get(cluster.uri("node-1", path)), 404, "NOT_FOUND");
        }
        assertRawError(RawHttp.get(port, "/api/v1/x/../kv/k"), 404, "NOT_FOUND");
    }

    @Test
    void wrongMethodsOnKnownPathsAre405WithAllow() {
        assertMethodNotAllowed("POST", "/api/v1/kv/k", "GET, PUT, DELETE");
        assertMethodNotAllowed("HEAD", "/api/v1/kv/k", "GET, PUT, DELETE");
        assertMethodNotAllowed("PUT", "/api/v1/kv", "GET");
        assertMethodNotAllowed("DELETE", "/api/v1/cluster/status", "GET");
        assertMethodNotAllowed("POST", "/health", "GET");
        assertMethodNotAllowed("PATCH", "/health/live", "GET");
    }

    private static void assertMethodNotAllowed(String method, String path, String allow) {
        HttpResponse<byte[]> response = client.send(method, cluster.uri("node-1", path), null);
        assertThat(response.statusCode()).as(method + " " + path).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).as(method + " " + path).contains(allow);
        if (!method.equals("HEAD")) {
            assertThat(ApiClient.error(response).getString("code")).isEqualTo("METHOD_NOT_ALLOWED");
        }
    }

    private static void assertError(HttpResponse<byte[]> response, int status, String code) {
        assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(response.headers().firstValue("X-Kv-Node")).contains("node-1");
        assertThat(response.headers().firstValue("X-Kv-Leader")).contains(cluster.baseUrl("node-1"));
        assertThat(ApiClient.error(response).getString("code")).isEqualTo(code);
        assertThat(ApiClient.error(response).getString("message")).isNotBlank();
    }

    private static void assertRawError(RawHttp.Response response, int status, String code) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("Content-Type")).isEqualTo("application/json");
        assertThat(response.header("X-Kv-Node")).isEqualTo("node-1");
        assertThat(response.header("X-Kv-Leader")).isEqualTo(cluster.baseUrl("node-1"));
        assertThat(response.error().getString("code")).isEqualTo(code);
    }
}
