package io.raftkv.server.raft;

import io.raftkv.server.raft.message.ConfChange;
import io.raftkv.server.raft.message.ConfState;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.HardState;
import io.raftkv.server.raft.message.Snapshot;
import io.raftkv.server.raft.message.SnapshotMeta;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a node hands its core at start: everything it persisted from earlier {@link Ready}s.
 *
 * @param hardState      the last persisted hard state
 * @param snapshot       the newest snapshot (an empty one at index 0 before any compaction)
 * @param entries        the persisted log after the snapshot, contiguous from {@code snapshot.index() + 1}
 * @param applied        the index the state machine has applied (at least the snapshot's index);
 *                       committed entries after it are handed out again
 * @param foundingChanges for a founding member of a brand-new cluster, one ADD_VOTER change per initial
 *                        voter (their contexts are the node's, e.g. addresses); else null
 */
public record PersistentState(HardState hardState, Snapshot snapshot, List<Entry> entries, long applied,
                              List<ConfChange> foundingChanges) {
    private static final Snapshot NO_SNAPSHOT = new Snapshot(new SnapshotMeta(0, 0, ConfState.EMPTY), new byte[0]);

    /** A restart from persisted state. */
    public PersistentState(HardState hardState, Snapshot snapshot, List<Entry> entries, long applied) {
        this(hardState, snapshot, entries, applied, null);
    }

    public PersistentState {
        entries = List.copyOf(entries);
        foundingChanges = foundingChanges == null ? null : List.copyOf(foundingChanges);
        if (applied < snapshot.index()) {
            throw new IllegalArgumentException("applied " + applied + " is below the snapshot at " + snapshot.index());
        }
        if (!entries.isEmpty() && entries.getFirst().index() != snapshot.index() + 1) {
            throw new IllegalArgumentException("the log must continue the snapshot at " + snapshot.index()
                    + " but starts at " + entries.getFirst().index());
        }
    }

    /**
     * A founding member of a brand-new cluster whose voters are {@code conf}'s, with no contexts;
     * see {@link #bootstrap(List)}.
     */
    public static PersistentState bootstrap(ConfState conf) {
        if (!conf.learners().isEmpty()) {
            throw new IllegalArgumentException("a new cluster starts with one or more voters and no learners");
        }
        return bootstrap(conf.voters().stream()
                .map(voter -> new ConfChange(ConfChange.Type.ADD_VOTER, voter, null)).toList());
    }

    /**
     * A founding member of a brand-new cluster, whose voters {@code founders} adds. Its first
     * {@link Ready} carries them as committed entries (indexes 1..n in the given order, term 1,
     * identical on every founding member, which must all be given the same list), so the initial
     * membership is in the log and a node that joins later learns it by replaying the log, as
     * etcd/raft bootstraps.
     */
    public static PersistentState bootstrap(List<ConfChange> founders) {
        if (founders.isEmpty() || founders.stream().anyMatch(c -> c.type() != ConfChange.Type.ADD_VOTER)) {
            throw new IllegalArgumentException("a new cluster starts with one or more voters and no learners");
        }
        return new PersistentState(HardState.INITIAL, NO_SNAPSHOT, List.of(), 0, founders);
    }

    /** For a founding member, its initial voters; else null. */
    public ConfState bootstrapVoters() {
        return foundingChanges == null ? null
                : new ConfState(foundingChanges.stream().map(ConfChange::nodeId).collect(Collectors.toSet()), Set.of());
    }

    /** A node with empty storage joining an existing cluster: the leader's log tells it the members. */
    public static PersistentState joining() {
        return new PersistentState(HardState.INITIAL, NO_SNAPSHOT, List.of(), 0, null);
    }
}
