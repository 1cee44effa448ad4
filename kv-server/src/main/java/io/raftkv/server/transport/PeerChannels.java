package io.raftkv.server.transport;

import io.grpc.Channel;
import io.helidon.common.socket.SocketOptions;
import io.helidon.common.tls.TlsConfig;
import io.helidon.webclient.grpc.GrpcClient;

import java.net.URI;

/**
 * The Helidon gRPC client channels to one peer address. Two configurations, because Helidon's
 * client has no per-call deadlines (it ignores {@code CallOptions} deadlines) and its read
 * timeout applies to every call made through a client:
 * <ul>
 *   <li>{@code streams}, for Send and InstallSnapshot: reads never time out, since a client
 *       stream's only answer comes at its end; InstallSnapshot's deadline is enforced by
 *       {@link SnapshotSender} cancelling the call;</li>
 *   <li>{@code probe}, for the unary Probe: a read that waits longer than the probe timeout aborts
 *       the call, which is how the probe gets its deadline.</li>
 * </ul>
 * In Helidon 4.5.0 every call opens its own HTTP/2 connection, so a long-lived Send stream is also
 * a long-lived TCP connection, and Probe and InstallSnapshot never queue behind it. Neither client
 * shares Helidon's JVM-wide connection cache: a node restarted right after its peers once kept
 * failing every connect to one of them ({@code Http2Exception: te in headers with other value than
 * trailers}) until the cluster lost liveness, and {@link PeerClient} rebuilds the channels after a
 * failed connect, so a client in a bad state is not reused.
 */
record PeerChannels(URI address, Channel streams, Channel probe) {
    /**
     * Helidon's gRPC client negotiates TLS unless told otherwise, whatever the URI's scheme; the
     * Raft port speaks plaintext HTTP/2 for now (TLS between nodes is a later issue).
     */
    private static final TlsConfig PLAINTEXT = TlsConfig.builder().enabled(false).buildPrototype();

    /**
     * A stream carries small messages back to back; with Nagle's algorithm on (Helidon's default) one
     * could wait for the peer's delayed acknowledgement of the last, 40 ms on Linux.
     */
    static final SocketOptions NO_DELAY = SocketOptions.builder().tcpNoDelay(true).build();

    static PeerChannels create(URI address, TransportSettings settings) {
        Channel streams = GrpcClient.builder()
                .baseUri(address)
                .tls(PLAINTEXT)
                .shareConnectionCache(false)
                .connectTimeout(settings.connectTimeout())
                .socketOptions(NO_DELAY)
                // Most messages (heartbeats, acks, read indexes) are tens of bytes; a larger one grows the buffer once.
                .protocolConfig(p -> p.abortPollTimeExpired(false).initBufferSize(256))
                .build()
                .channel();
        Channel probe = GrpcClient.builder()
                .baseUri(address)
                .tls(PLAINTEXT)
                .shareConnectionCache(false)
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.probeTimeout())
                .protocolConfig(p -> p.abortPollTimeExpired(true).pollWaitTime(settings.probeTimeout()))
                .build()
                .channel();
        return new PeerChannels(address, streams, probe);
    }
}
