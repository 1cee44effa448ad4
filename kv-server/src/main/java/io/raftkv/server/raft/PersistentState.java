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
 * @param hardState the last persisted hard state
 * @param snapshot  the newest snapshot (at index 0 for a brand-new cluster: its initial membership)
 * @param entries   the persisted log after the snapshot, contiguous from {@code snapshot.index() + 1}
 * @param applied   the index the state machine has applied (at least the snapshot's index);
 *                  committed entries after it are handed out again
 */
public record PersistentState(HardState hardState, Snapshot snapshot, List<Entry> entries, long applied) {
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

    /** A member of a brand-new cluster whose initial membership is {@code conf}. */
    public static PersistentState bootstrap(ConfState conf) {
        return new PersistentState(HardState.INITIAL, new Snapshot(new SnapshotMeta(0, 0, conf), new byte[0]),
                List.of(), 0);
    }

    /** A node joining an existing cluster: it knows no members until the leader tells it. */
    public static PersistentState joining() {
        return bootstrap(ConfState.EMPTY);
    }
}
