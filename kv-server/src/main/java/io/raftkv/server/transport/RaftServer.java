package io.raftkv.server.transport;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.grpc.GrpcConfig;
import io.helidon.webserver.grpc.GrpcRouting;

/**
 * The node's Raft port: a Helidon WebServer with only {@link RaftGrpcService} routed on it. No
 * HTTP routing is registered, so an HTTP/1 request gets a 404 and anything that is not HTTP gets
 * the connection closed; neither reaches the service.
 */
public final class RaftServer implements AutoCloseable {
    /**
     * The largest single gRPC message accepted. The core caps one AppendRequest at 1 MiB of entries
     * (but always sends at least one entry, so one large entry can exceed that), and snapshot chunks
     * are {@link TransportSettings#snapshotChunkBytes()}; 4 MiB leaves room for both plus framing.
     * Helidon's own default would be 2 MiB. Senders check the same limit before writing, because a
     * message over it costs the whole stream.
     */
    public static final int MAX_INBOUND_MESSAGE_BYTES = 4 << 20;

    private final WebServer server;

    private RaftServer(WebServer server) {
        this.server = server;
    }

    /** Starts serving on {@code host:port}; port 0 picks a free one (see {@link #port()}). */
    public static RaftServer start(String host, int port, RaftGrpcService service) {
        WebServer server = WebServer.builder()
                .host(host)
                .port(port)
                // The node stops its Raft port itself, after handing off leadership; Helidon's own
                // JVM shutdown hook would close it at once, cutting the hand-off short.
                .shutdownHook(false)
                .connectionOptions(PeerChannels.NO_DELAY)
                .addProtocol(GrpcConfig.builder().maxReadBufferSize(MAX_INBOUND_MESSAGE_BYTES).build())
                .addRouting(GrpcRouting.builder().service(service))
                .build()
                .start();
        return new RaftServer(server);
    }

    public int port() {
        return server.port();
    }

    public boolean isRunning() {
        return server.isRunning();
    }

    @Override
    public void close() {
        server.stop();
    }
}
