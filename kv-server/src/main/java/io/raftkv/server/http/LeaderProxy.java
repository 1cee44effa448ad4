package io.raftkv.server.http;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.common.uri.UriInfo;
import io.helidon.webclient.api.ClientUri;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.raftkv.server.node.Member;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
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
    /** How many times one request may be forwarded: once, and once more if leadership moved meanwhile. */
    static final int MAX_HOPS = 2;
    private static final List<HeaderName> FORWARDED_HEADERS = List.of(HeaderNames.CONTENT_TYPE, HeaderNames.ACCEPT,
            HeaderNames.IF_MATCH, HeaderNames.IF_NONE_MATCH, IdempotencyKeys.IDEMPOTENCY_KEY);
    private static final Set<String> RELAYED_HEADERS = Set.of("content-type", "etag", "retry-after", "allow",
            IdempotencyKeys.REPLAYED.lowerCase());
    private static final Set<String> OWN_HEADERS = Set.of(NodeHeaders.NODE.lowerCase(), NodeHeaders.LEADER.lowerCase());

    private final String self;
    private final Http1Client client;

    /** @param timeout bounds connecting to the leader, and each wait for its answer */
    LeaderProxy(String self, Duration timeout) {
        this.self = self;
        // Helidon's own client: pooled keep-alive connections, and a fraction of the JDK client's CPU per call.
        this.client = Http1Client.builder()
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .followRedirects(false)
                .sendExpectContinue(false)
                .socketOptions(HttpApi.NO_DELAY)
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
     * {@link #targetOn} for Helidon's client, built from the request's own path and query so that their
     * raw forms go on the wire unchanged (parsing a {@code URI} would decode {@code %2F} into {@code /}).
     */
    private static ClientUri clientTargetOn(Member leader, ServerRequest req) {
        URI base = leader.http();
        return ClientUri.create(UriInfo.builder().scheme(base.getScheme()).host(base.getHost()).port(base.getPort())
                .path(req.prologue().uriPath()).query(req.prologue().query()).build());
    }

    /**
     * Sends the write to {@code leader} and answers with the leader's answer.
     *
     * @throws ApiException LEADER_UNREACHABLE when no connection could be made (nothing was sent), or
     *                      OUTCOME_UNKNOWN when the exchange failed after the request may have left
     */
    void forward(ServerRequest req, ServerResponse res, Member leader, byte[] body) {
        String via = forwardedBy(req);
        Http1ClientRequest request = client.method(req.prologue().method())
                .uri(clientTargetOn(leader, req))
                .header(FORWARDED_BY, via.isEmpty() ? self : via + "," + self);
        for (HeaderName name : FORWARDED_HEADERS) {
            req.headers().first(name).ifPresent(value -> request.header(name, value));
        }
        try (Http1ClientResponse answer = send(request, body, leader)) {
            res.status(answer.status());
            for (Header header : answer.headers()) {
                if (relayed(header.name().toLowerCase(Locale.ROOT))) {
                    res.header(header);
                }
            }
            res.send(readBody(answer, leader));
        }
    }

    /** The nodes that forwarded {@code req} so far, comma-separated; empty if it came from a client. */
    static String forwardedBy(ServerRequest req) {
        return req.headers().first(FORWARDED_BY).orElse("");
    }

    static int hops(String forwardedBy) {
        return forwardedBy.isEmpty() ? 0 : forwardedBy.split(",").length;
    }

    private static Http1ClientResponse send(Http1ClientRequest request, byte[] body, Member leader) {
        try {
            return body.length == 0 ? request.request() : request.submit(body);
        } catch (UncheckedIOException e) {
            if (causedBy(e, ConnectException.class)) {
                throw new ApiException(ErrorCode.LEADER_UNREACHABLE,
                        "the leader " + leader.id() + " at " + leader.http() + " could not be reached; nothing was sent", e);
            }
            throw outcomeUnknown(leader, e);
        } catch (RuntimeException e) {
            throw outcomeUnknown(leader, e);
        }
    }

    private static byte[] readBody(Http1ClientResponse answer, Member leader) {
        try {
            return answer.entity().as(byte[].class);
        } catch (RuntimeException e) {
            throw outcomeUnknown(leader, e);
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
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
        client.closeResource();
    }
}
