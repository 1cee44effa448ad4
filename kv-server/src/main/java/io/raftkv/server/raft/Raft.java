package io.raftkv.server.raft;

import io.raftkv.server.raft.message.ConfChange;
import io.raftkv.server.raft.message.Message;
import io.raftkv.server.raft.message.Snapshot;

/**
 * The Raft core: a deterministic state machine with no threads, clock, I/O or randomness of its
 * own. Not thread-safe: one driver thread calls it.
 *
 * <p>Inputs are {@link #tick()}, {@link #step(Message)}, {@link #propose(byte[])},
 * {@link #readIndex(long)}, {@link #transferLeadership(String)} and
 * {@link #proposeConfChange(ConfChange)}; output is the {@link Ready} batch, acknowledged with
 * {@link #advance(Ready)}.
 */
public final class Raft {
    public Raft(RaftConfig config, PersistentState state) {
        throw new UnsupportedOperationException("TODO");
    }

    /** Advances logical time by one tick. */
    public void tick() {
    }

    /** Feeds a message received from another node. Stale or misaddressed messages are ignored. */
    public void step(Message m) {
    }

    /**
     * Appends {@code data} as a new entry if this node is the leader.
     *
     * @return the entry's index; it was proposed in {@link #term()}, and it took effect only if the
     *         entry applied at that index has that term
     * @throws RaftException when not leader, over the uncommitted-bytes limit, or transferring
     */
    public long propose(byte[] data) {
        return 0;
    }

    /** Proposes a one-server membership change; same contract as {@link #propose(byte[])}. */
    public long proposeConfChange(ConfChange change) {
        return 0;
    }

    /**
     * Requests a linearizable read index. The answer arrives as a {@link ReadState} with the same
     * id in a later {@link Ready}.
     *
     * @throws RaftException when no leader is known
     */
    public void readIndex(long requestId) {
    }

    /** Hands leadership to {@code to} (thesis §3.10); only on the leader. */
    public void transferLeadership(String to) {
    }

    /**
     * Records that the state machine snapshotted itself at {@code index} (at most the applied
     * index) and discards the log up to it.
     *
     * @return the snapshot, with the term and membership at {@code index}, for the driver to persist;
     *         the core sends it to followers that are behind its first log index
     */
    public Snapshot compact(long index, byte[] snapshotData) {
        return null;
    }

    /** Tells the leader a message to {@code peer} could not be delivered. */
    public void reportUnreachable(String peer) {
    }

    public boolean hasReady() {
        return false;
    }

    public Ready ready() {
        return null;
    }

    public void advance(Ready ready) {
    }

    public RaftStatus status() {
        return null;
    }

    public String id() {
        return null;
    }

    public Role role() {
        return null;
    }

    public long term() {
        return 0;
    }

    /** The leader's id as this node knows it, or null. */
    public String leader() {
        return null;
    }
}
