package io.raftkv.server.raft.message;

/** Where a snapshot sits in the log, and the membership in force at that point. */
public record SnapshotMeta(long index, long term, ConfState conf) {
}
