package io.raftkv.server.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.raftkv.server.node.Member;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Serves a follower's write through the leader: the same method, raw path, query, body and the
 * headers that shape the write go to the leader, tagged {@code X-Kv-Forwarded-By}; the leader's
 * status, body and result headers come back. This node's own {@code X-Kv-Node} and
 * {@code X-Kv-Leader} stay, so the client sees who answered and where writes go.
 */
final class LeaderProxy implements AutoCloseable {
    static final HeaderName FORWARDED_BY = HeaderNames.create("X-Kv-Forwarded-By");
    private static final List<HeaderName> FORWARDED_HEADERS = List.of(HeaderNames.CONTENT_TYPE, HeaderNames.ACCEPT,
            HeaderNames.IF_MATCH, HeaderNames.IF_NONE_MATCH, IdempotencyKeys.IDEMPOTENCY_KEY);
    private static final Set<String> RELAYED_HEADERS = Set.of("content-type", "etag", "retry-after", "allow",
            IdempotencyKeys.REPLAYED.lowerCase());
    private static final Set<String> OWN_HEADERS = Set.of(NodeHeaders.NODE.lowerCase(), NodeHeaders.LEADER.lowerCase());

    private final String self;
    private final Duration timeout;
    private final HttpClient client;

    /** @param timeout bounds both connecting to the leader and waiting for its whole answer */
    LeaderProxy(String self, Duration timeout) {
        this.self = self;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The same request on the leader: its base URL, then this request's raw path and query. */
    static URI targetOn(Member leader, ServerRequest req) {
        String base = leader.http().toString().replaceAll("/+$", "");
        String query = req.prologue().query().rawValue();
        try {
            return URI.create(base + req.prologue().uriPath().rawPath() + (query.isEmpty() ? "" : "?" + query));
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER,
                    "the request target is not a valid URI: " + e.getMessage(), e);
        }
    }

    /**
     * Sends the write to {@code leader} and answers with the leader's answer.
     *
     * @throws ApiException LEADER_UNREACHABLE when no connection could be made (nothing was sent), or
     *                      OUTCOME_UNKNOWN when the exchange failed after the request may have left
     */
    void forward(ServerRequest req, ServerResponse res, Member leader, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(targetOn(leader, req))
                .timeout(timeout)
                .method(req.prologue().method().text(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .header(FORWARDED_BY.defaultCase(), self);
        for (HeaderName name : FORWARDED_HEADERS) {
            req.headers().first(name).ifPresent(value -> request.header(name.defaultCase(), value));
        }
        HttpResponse<byte[]> answer = send(request.build(), leader);
        res.status(Status.create(answer.statusCode()));
        answer.headers().map().forEach((name, values) -> {
            if (relayed(name.toLowerCase(Locale.ROOT))) {
                res.header(name, values.toArray(String[]::new));
            }
        });
        res.send(answer.body());
    }

    private HttpResponse<byte[]> send(HttpRequest request, Member leader) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new ApiException(ErrorCode.LEADER_UNREACHABLE,
                    "the leader " + leader.id() + " at " + leader.http() + " could not be reached; nothing was sent", e);
        } catch (IOException e) {
            throw outcomeUnknown(leader, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw outcomeUnknown(leader, e);
        }
    }

    private static boolean relayed(String lowerCaseName) {
        return RELAYED_HEADERS.contains(lowerCaseName)
                || lowerCaseName.startsWith("x-kv-") && !OWN_HEADERS.contains(lowerCaseName);
    }

    private static ApiException outcomeUnknown(Member leader, Exception e) {
        return new ApiException(ErrorCode.OUTCOME_UNKNOWN, "the write was forwarded to the leader " + leader.id()
                + " but its answer did not arrive (" + e.getClass().getSimpleName() + "); it may or may not apply", e);
    }

    @Override
    public void close() {
        client.close();
    }
}
