package io.raftkv.server.http;

import io.helidon.common.socket.SocketOptions;
import io.helidon.webserver.ListenerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.raftkv.server.node.RaftNode;

/**
 * The REST API v1 (docs/api.md) on Helidon SE: the key-value, cluster, health and metrics services, a 404 for
 * every other path, one error mapper for every failure, and the node headers on every response.
 */
public final class HttpApi {
    /**
     * The longest request line accepted: a key of {@value Keys#MAX_KEY_BYTES} bytes percent-encoded
     * is three times that, and a listing's {@code start} and {@code prefix} are keys too. Helidon's
     * default of 2 KiB would turn long keys into a 414.
     */
    public static final int MAX_REQUEST_LINE_BYTES = 32 * 1024;

    /**
     * How many times the value limit a body may declare before Helidon refuses it unread. A body the
     * API refuses (413) is read and thrown away up to this size, so the connection stays open: a
     * server that closes with the client's bytes unread resets the connection, and the client may lose
     * the 413 it was sent.
     */
    static final int DRAINED_PAYLOAD_FACTOR = 2;
    /**
     * Helidon leaves Nagle's algorithm on; an answer or a forwarded request written in two parts
     * could then wait for the other side's delayed acknowledgement, 40 ms on Linux.
     */
    static final SocketOptions NO_DELAY = SocketOptions.builder().tcpNoDelay(true).build();

    private HttpApi() {
    }

    /**
     * Sets up an HTTP listener (the WebServer's default one or a named one) for the API: the
     * {@link #routing routes}, a request line long enough for the longest key, a payload limit of
     * {@value #DRAINED_PAYLOAD_FACTOR} times the value limit, and JSON errors for what Helidon
     * rejects before routing (a malformed request line, a far over-limit body). Prefer this to
     * {@link #routing} alone.
     */
    public static void configure(ListenerConfig.BuilderBase<?, ?> listener, RaftNode node, HttpSettings settings,
                                 PrometheusMeterRegistry registry) {
        NodeHeaders nodeHeaders = new NodeHeaders(node);
        listener.connectionOptions(NO_DELAY)
                .addProtocol(Http1Config.builder().maxPrologueLength(MAX_REQUEST_LINE_BYTES).build())
                .maxPayloadSize(DRAINED_PAYLOAD_FACTOR * settings.maxValueBytes())
                .directHandlers(JsonDirectHandler.forAllEvents(nodeHeaders))
                .routing(routing -> routing(routing, node, settings, registry));
    }

    /** Registers the API's routes, filters and error mapper on {@code routing}; meters go to {@code registry}. */
    public static void routing(HttpRouting.Builder routing, RaftNode node, HttpSettings settings,
                               PrometheusMeterRegistry registry) {
        NodeHeaders nodeHeaders = new NodeHeaders(node);
        routing.addFilter(new RequestMetrics(registry))
                .addFilter(nodeHeaders)
                .error(Throwable.class, new ErrorMapper(nodeHeaders))
                .register(new KvService(node, settings), new ClusterService(node, settings),
                        new MembersService(node, settings), new HealthService(node),
                        new MetricsService(registry))
                .any(Fallbacks.notFound());
    }
}
