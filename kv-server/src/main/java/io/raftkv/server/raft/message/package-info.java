/**
 * The Raft core's vocabulary: messages between nodes, log entries, hard state, snapshots and
 * membership. Plain immutable records with no dependencies; the transport maps them 1:1 to the
 * kv-proto protobuf types, so each message has exactly one definition in the core.
 */
package io.raftkv.server.raft.message;
