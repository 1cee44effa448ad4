/**
 * The key-value state machine: applies committed Raft entries (encoded
 * {@link io.raftkv.proto.kv.Command}s) to a {@link io.raftkv.server.storage.StateStore} with
 * etcd-style revisions, compare-and-set and exactly-once idempotency keys, and serves reads over it.
 * Depends on {@code storage}, {@code raft.message} and kv-proto only. Everything an applied command's
 * effect depends on is in the log (including time, as the leader's {@code proposed_at_millis}), so
 * every replica reaches the same state at the same applied index, whatever its batch boundaries.
 */
package io.raftkv.server.kv;
