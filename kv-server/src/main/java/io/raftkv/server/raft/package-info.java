/**
 * The Raft core: a pure, deterministic state machine (no threads, clock, I/O or randomness of its
 * own). {@link io.raftkv.server.raft.Raft} is the entry point; {@link io.raftkv.server.raft.Ready}
 * is its output. Depends only on the JDK and its own subpackages (checked by ArchUnit).
 */
package io.raftkv.server.raft;
