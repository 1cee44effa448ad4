package io.raftkv.server.sim;

import io.raftkv.server.raft.PersistentState;
import io.raftkv.server.raft.message.ConfChange;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.HardState;
import io.raftkv.server.raft.message.Snapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * One node's disk. A write first lands un-synced (the page cache); only {@link #sync()} makes it
 * durable, and a {@link #crash()} before that loses it whole, as a write-ahead log batch that
 * never reached its fsync would be. A batch that need not be synced (a higher commit index) waits
 * for the next sync, which makes every batch before it durable too; a crash loses them all, never
 * an earlier one without the later ones (one sequential log).
 */
final class DurableStorage {
    /** An un-synced batch, in the order the Ready asks for: snapshot, then entries, then hard state. */
    private record Batch(Snapshot snapshot, List<Entry> entries, HardState hardState) {
    }

    private HardState hardState;
    private Snapshot snapshot;
    /** The durable log after the snapshot: entries.get(k) has index snapshot.index() + 1 + k. */
    private final ArrayList<Entry> entries = new ArrayList<>();
    private final List<Batch> unsynced = new ArrayList<>();
    /** For a founding member: its initial voters, to bootstrap again if nothing reached the disk. */
    private final List<ConfChange> founders;

    DurableStorage(PersistentState initial) {
        founders = initial.foundingChanges();
        hardState = initial.hardState();
        snapshot = initial.snapshot();
        entries.addAll(initial.entries());
    }

    /** Writes a batch without syncing it. */
    void write(Snapshot newSnapshot, List<Entry> newEntries, HardState newHardState) {
        unsynced.add(new Batch(newSnapshot, List.copyOf(newEntries), newHardState));
    }

    boolean hasUnsynced() {
        return !unsynced.isEmpty();
    }

    /** The fsync completed: every batch written is durable. */
    void sync() {
        unsynced.forEach(this::makeDurable);
        unsynced.clear();
    }

    private void makeDurable(Batch b) {
        if (b.snapshot != null) {
            // A snapshot from the leader replaces the whole log, as the core's own log is reset to it.
            snapshot = b.snapshot;
            entries.clear();
        }
        if (!b.entries.isEmpty()) {
            truncateFrom(b.entries.getFirst().index());
            for (Entry e : b.entries) {
                if (e.index() > snapshot.index()) {
                    entries.add(e);
                }
            }
        }
        if (b.hardState != null) {
            hardState = b.hardState;
        }
    }

    /** The node lost power: whatever was not synced is gone. */
    void crash() {
        unsynced.clear();
    }

    /**
     * The state machine snapshotted itself at {@code compacted.index()}: store the snapshot and drop
     * the log it covers. Done atomically (write the snapshot file, then rename), so durable at once.
     */
    void compact(Snapshot compacted) {
        if (compacted.index() <= snapshot.index()) {
            return;
        }
        long drop = Math.min(compacted.index() - snapshot.index(), entries.size());
        entries.subList(0, (int) drop).clear();
        snapshot = compacted;
    }

    /**
     * What a restarting node hands its core; its state machine restarts from the snapshot. A
     * founding member whose disk is still empty (it crashed before its first fsync) bootstraps
     * again, which writes the same initial entries.
     */
    PersistentState recover() {
        if (founders != null && lastIndex() == 0 && hardState.equals(HardState.INITIAL)) {
            return PersistentState.bootstrap(founders);
        }
        return new PersistentState(hardState, snapshot, entries, snapshot.index());
    }

    Snapshot snapshot() {
        return snapshot;
    }

    HardState hardState() {
        return hardState;
    }

    long lastIndex() {
        return snapshot.index() + entries.size();
    }

    /** The durable term at {@code index}: the snapshot's at its index, -1 when unknown or absent. */
    long termAt(long index) {
        if (index == snapshot.index()) {
            return snapshot.term();
        }
        if (index < snapshot.index() || index > lastIndex()) {
            return -1;
        }
        return entries.get((int) (index - snapshot.index() - 1)).term();
    }

    /** The durable entry at {@code index}, or null when compacted or absent. */
    Entry entryAt(long index) {
        if (index <= snapshot.index() || index > lastIndex()) {
            return null;
        }
        return entries.get((int) (index - snapshot.index() - 1));
    }

    private void truncateFrom(long index) {
        long keep = Math.max(0, index - snapshot.index() - 1);
        if (keep < entries.size()) {
            entries.subList((int) keep, entries.size()).clear();
        }
    }
}
