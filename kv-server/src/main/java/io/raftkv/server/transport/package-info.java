/**
 * Raft between nodes over gRPC, on Helidon.
 *
 * <ul>
 *   <li>Wire mapping: {@link io.raftkv.server.transport.RaftMessageCodec} and
 *       {@link io.raftkv.server.transport.RaftStateCodec} turn the core's {@code raft.message}
 *       records into kv-proto's protobuf types and back, rejecting malformed input.</li>
 *   <li>Receiving: {@link io.raftkv.server.transport.RaftServer} serves
 *       {@link io.raftkv.server.transport.RaftGrpcService} (a Helidon {@code GrpcService}) on the
 *       Raft port; decoded messages go to the node's inbox.</li>
 *   <li>Sending: {@link io.raftkv.server.transport.RaftTransport} keeps one
 *       {@code PeerClient} per peer: a bounded queue and one long-lived Send client stream over
 *       Helidon's gRPC client, reconnecting with backoff; snapshots go in chunks over their own
 *       InstallSnapshot stream. Sending never blocks; what cannot be sent is dropped, counted and
 *       reported as unreachable.</li>
 * </ul>
 *
 * <p>Depends on {@code raft.message} and kv-proto only, never on the Raft core itself.
 */
package io.raftkv.server.transport;
