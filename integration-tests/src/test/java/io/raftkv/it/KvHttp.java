package io.raftkv.it;

import io.helidon.json.JsonObject;
import io.helidon.json.JsonParser;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The REST API v1 as the tests speak it, over the JDK's HTTP client (HTTP/1.1, as curl and most
 * clients use it). Responses are kept whole ({@code byte[]}) so tests can look at status, headers
 * and body alike.
 */
public final class KvHttp {
    /** Longer than the server's 5 s write and read timeouts, so the server's answer comes first. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    /** {@code /api/v1/kv/<key>}, the key percent-encoded as UTF-8 ({@code /} kept, as keys may contain it). */
    public static String kvPath(String key) {
        return "/api/v1/kv/" + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
    }

    /** A request to {@code node} for {@code pathAndQuery}, with the default timeout. */
    public static HttpRequest.Builder request(ClusterNode node, String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(node.http() + pathAndQuery)).timeout(REQUEST_TIMEOUT);
    }

    public HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** {@code PUT} of a UTF-8 value; {@code headers} are name/value pairs, e.g. {@code "If-Match", "\"3\""}. */
    public HttpResponse<byte[]> put(ClusterNode node, String key, String value, String... headers)
            throws IOException, InterruptedException {
        return putAt(node, kvPath(key), value, headers);
    }

    /** {@code PUT} to a path with its query, e.g. {@code kvPath("k") + "?prevRevision=3"}. */
    public HttpResponse<byte[]> putAt(ClusterNode node, String pathAndQuery, String value, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = request(node, pathAndQuery)
                .PUT(HttpRequest.BodyPublishers.ofString(value, StandardCharsets.UTF_8));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    /** A linearizable {@code GET} (the default). */
    public HttpResponse<byte[]> get(ClusterNode node, String key) throws IOException, InterruptedException {
        return send(request(node, kvPath(key)).GET());
    }

    /** A {@code GET} served from the node's own replica, without asking the leader. */
    public HttpResponse<byte[]> getSerializable(ClusterNode node, String key) throws IOException, InterruptedException {
        return send(request(node, kvPath(key) + "?consistency=serializable").GET());
    }

    public HttpResponse<byte[]> delete(ClusterNode node, String key) throws IOException, InterruptedException {
        return send(request(node, kvPath(key)).DELETE());
    }

    /**
     * Whether a {@code PUT} of {@code key} through {@code node} is acknowledged within {@code timeout};
     * false when the node refuses it, is down or is too slow.
     */
    public boolean putSucceeds(ClusterNode node, String key, Duration timeout) throws InterruptedException {
        try {
            HttpRequest.Builder put = request(node, kvPath(key)).timeout(timeout)
                    .PUT(HttpRequest.BodyPublishers.ofString(key));
            return send(put).statusCode() / 100 == 2;
        } catch (IOException downOrTooSlow) {
            return false;
        }
    }

    /**
     * The leader's HTTP base URL as {@code node} names it ({@code X-Kv-Leader} of
     * {@code GET /api/v1/cluster/leader}); empty when it knows none or does not answer in time.
     */
    public Optional<URI> leaderAccordingTo(ClusterNode node, Duration timeout) throws InterruptedException {
        try {
            HttpResponse<byte[]> response = send(request(node, "/api/v1/cluster/leader").timeout(timeout).GET());
            return response.statusCode() == 200
                    ? response.headers().firstValue("X-Kv-Leader").map(URI::create)
                    : Optional.empty();
        } catch (IOException notUpOrTooSlow) {
            return Optional.empty();
        }
    }

    public static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** The body as a JSON object; fails the test, quoting the body, if it is not one. */
    public static JsonObject json(HttpResponse<byte[]> response) {
        try {
            return JsonParser.create(response.body()).readJsonObject();
        } catch (RuntimeException e) {
            throw new AssertionError("not a JSON object (status " + response.statusCode() + "): " + text(response), e);
        }
    }
}
