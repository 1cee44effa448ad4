/**
 * Raft between nodes over gRPC. Today: the mapping between the core's {@code raft.message} records
 * and kv-proto's protobuf types ({@link io.raftkv.server.transport.RaftMessageCodec},
 * {@link io.raftkv.server.transport.RaftStateCodec}), which also rejects malformed input from the
 * wire. The Helidon gRPC server and per-peer client channels come with the node.
 *
 * <p>Depends on {@code raft.message} and kv-proto only, never on the Raft core itself.
 */
package io.raftkv.server.transport;
