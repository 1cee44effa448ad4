package io.raftkv.server.raft;

import io.raftkv.server.raft.message.ConfState;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.HardState;
import io.raftkv.server.raft.message.Snapshot;
import io.raftkv.server.raft.message.SnapshotMeta;

import java.util.List;

/**
 * What a node hands its core at start: everything it persisted from earlier {@link Ready}s.
 *
 * @param hardState      the last persisted hard state
 * @param snapshot       the newest snapshot (an empty one at index 0 before any compaction)
 * @param entries        the persisted log after the snapshot, contiguous from {@code snapshot.index() + 1}
 * @param applied        the index the state machine has applied (at least the snapshot's index);
 *                       committed entries after it are handed out again
 * @param bootstrapVoters for a founding member of a brand-new cluster, its initial voters; else null
 */
public record PersistentState(HardState hardState, Snapshot snapshot, List<Entry> entries, long applied,
                              ConfState bootstrapVoters) {
    private static final Snapshot NO_SNAPSHOT = new Snapshot(new SnapshotMeta(0, 0, ConfState.EMPTY), new byte[0]);

    /** A restart from persisted state. */
    public PersistentState(HardState hardState, Snapshot snapshot, List<Entry> entries, long applied) {
        this(hardState, snapshot, entries, applied, null);
    }

    public PersistentState {
        entries = List.copyOf(entries);
        if (applied < snapshot.index()) {
            throw new IllegalArgumentException("applied " + applied + " is below the snapshot at " + snapshot.index());
        }
        if (!entries.isEmpty() && entries.getFirst().index() != snapshot.index() + 1) {
            throw new IllegalArgumentException("the log must continue the snapshot at " + snapshot.index()
                    + " but starts at " + entries.getFirst().index());
        }
    }

    /**
     * A founding member of a brand-new cluster whose voters are {@code conf}'s. Its first
     * {@link Ready} carries one committed ADD_VOTER entry per voter (indexes 1..n, term 1,
     * identical on every founding member), so the initial membership is in the log and a node
     * that joins later learns it by replaying the log, as etcd/raft bootstraps.
     */
    public static PersistentState bootstrap(ConfState conf) {
        if (!conf.learners().isEmpty() || conf.voters().isEmpty()) {
            throw new IllegalArgumentException("a new cluster starts with one or more voters and no learners");
        }
        return new PersistentState(HardState.INITIAL, NO_SNAPSHOT, List.of(), 0, conf);
    }

    /** A node with empty storage joining an existing cluster: the leader's log tells it the members. */
    public static PersistentState joining() {
        return new PersistentState(HardState.INITIAL, NO_SNAPSHOT, List.of(), 0, null);
    }
}
