/**
 * The leader's view of each follower: how far it has replicated, and how the leader sends to it
 * (probe, pipelined replicate, or snapshot). Depends on {@code raft.quorum} only.
 */
package io.raftkv.server.raft.tracker;
