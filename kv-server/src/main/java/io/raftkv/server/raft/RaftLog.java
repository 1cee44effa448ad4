package io.raftkv.server.raft;

import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.Snapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * The log as the core sees it: a compaction point (the last snapshot's index and term) followed by
 * the entries after it, all in memory (compaction bounds their size). Tracks three positions:
 * {@code stable} (durable on this node), {@code committed} and {@code applied}, with
 * {@code applied <= min(committed, stable)} for everything handed out to the state machine.
 */
final class RaftLog {
    private long snapshotIndex;
    private long snapshotTerm;
    private final ArrayList<Entry> entries = new ArrayList<>();
    private long stable;
    private long committed;
    private long applied;
    /** The newest snapshot, taken here or received: what lagging followers are sent. */
    private Snapshot snapshot;
    /** A snapshot received from the leader that the driver has not yet been handed. */
    private Snapshot unstableSnapshot;

    RaftLog(Snapshot snapshot, List<Entry> persisted, long commit, long applied) {
        this.snapshot = snapshot;
        this.snapshotIndex = snapshot.index();
        this.snapshotTerm = snapshot.term();
        this.entries.addAll(persisted);
        this.stable = lastIndex();
        if (commit > lastIndex() || applied > Math.max(commit, snapshotIndex)) {
            throw new IllegalArgumentException("persisted state is inconsistent: commit " + commit
                    + ", applied " + applied + ", last index " + lastIndex());
        }
        this.committed = Math.max(commit, snapshotIndex);
        this.applied = applied;
    }

    long firstIndex() {
        return snapshotIndex + 1;
    }

    long lastIndex() {
        return snapshotIndex + entries.size();
    }

    long lastTerm() {
        return term(lastIndex());
    }

    long snapshotIndex() {
        return snapshotIndex;
    }

    Snapshot snapshot() {
        return snapshot;
    }

    long committed() {
        return committed;
    }

    long applied() {
        return applied;
    }

    long stable() {
        return stable;
    }

    /** The term of the entry at {@code index}, or -1 if it is compacted away or beyond the end. */
    long term(long index) {
        if (index == snapshotIndex) {
            return snapshotTerm;
        }
        if (index < snapshotIndex || index > lastIndex()) {
            return -1;
        }
        return entry(index).term();
    }

    Entry entry(long index) {
        return entries.get((int) (index - snapshotIndex - 1));
    }

    boolean matchTerm(long index, long term) {
        return term(index) == term;
    }

    /** Raft §5.4.1: is a log ending at (lastIndex, lastTerm) at least as up to date as ours? */
    boolean isUpToDate(long otherLastIndex, long otherLastTerm) {
        return otherLastTerm > lastTerm() || otherLastTerm == lastTerm() && otherLastIndex >= lastIndex();
    }

    /** Appends entries that continue the log (the leader's own proposals). */
    void append(Entry entry) {
        if (entry.index() != lastIndex() + 1) {
            throw new IllegalStateException("entry " + entry + " does not continue the log at " + lastIndex());
        }
        entries.add(entry);
    }

    /**
     * Follower side of AppendEntries after the consistency check passed: skips entries already
     * present, truncates at the first conflict and appends the rest (Raft §5.3).
     */
    void appendFromLeader(List<Entry> incoming) {
        for (int i = 0; i < incoming.size(); i++) {
            Entry e = incoming.get(i);
            if (e.index() <= lastIndex() && term(e.index()) == e.term()) {
                continue;
            }
            if (e.index() <= committed) {
                throw new IllegalStateException("conflict at committed index " + e.index() + " (commit " + committed + ")");
            }
            truncateFrom(e.index());
            entries.addAll(incoming.subList(i, incoming.size()));
            return;
        }
    }

    private void truncateFrom(long index) {
        if (index <= lastIndex()) {
            entries.subList((int) (index - snapshotIndex - 1), entries.size()).clear();
        }
        stable = Math.min(stable, index - 1);
    }

    /**
     * The largest index at or below {@code index} whose term is at most {@code term}: everything
     * above it certainly conflicts with a log whose entry at {@code index} has {@code term}.
     */
    long findConflictByTerm(long index, long term) {
        long i = Math.min(index, lastIndex());
        while (i > snapshotIndex && term(i) > term) {
            i--;
        }
        return i;
    }

    /** Entries in [from, lastIndex], at most {@code maxBytes} of payload but always at least one. */
    List<Entry> slice(long from, long maxBytes) {
        return slice(from, lastIndex(), maxBytes);
    }

    private List<Entry> slice(long from, long to, long maxBytes) {
        List<Entry> out = new ArrayList<>();
        long bytes = 0;
        for (long i = from; i <= to; i++) {
            Entry e = entry(i);
            bytes += e.size();
            if (!out.isEmpty() && bytes > maxBytes) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    void commitTo(long index) {
        if (index > committed) {
            if (index > lastIndex()) {
                throw new IllegalStateException("commit " + index + " is beyond the last index " + lastIndex());
            }
            committed = index;
        }
    }

    boolean hasUnstable() {
        return stable < lastIndex();
    }

    List<Entry> unstableEntries() {
        return List.copyOf(entries.subList((int) (stable - snapshotIndex), entries.size()));
    }

    /** After the driver persisted {@code written}: whatever of it still stands in the log is stable. */
    void stableTo(List<Entry> written) {
        for (int i = written.size() - 1; i >= 0; i--) {
            Entry e = written.get(i);
            if (e.index() > stable && matchTerm(e.index(), e.term())) {
                stable = e.index();
                return;
            }
        }
    }

    boolean hasNextCommitted() {
        return unstableSnapshot == null && applied < Math.min(committed, stable);
    }

    /** Committed, locally durable entries after the applied index, up to {@code maxBytes} (at least one). */
    List<Entry> nextCommitted(long maxBytes) {
        return hasNextCommitted() ? slice(applied + 1, Math.min(committed, stable), maxBytes) : List.of();
    }

    void appliedTo(long index) {
        applied = Math.max(applied, index);
    }

    /** Replaces the whole log with a snapshot from the leader (Raft §7). */
    void restore(Snapshot snapshot) {
        entries.clear();
        snapshotIndex = snapshot.index();
        snapshotTerm = snapshot.term();
        committed = snapshot.index();
        stable = snapshot.index(); // the snapshot itself waits in unstableSnapshot
        this.snapshot = snapshot;
        unstableSnapshot = snapshot;
    }

    Snapshot unstableSnapshot() {
        return unstableSnapshot;
    }

    /** The driver persisted and installed the snapshot: it is durable and applied. */
    void snapshotInstalled(Snapshot snapshot) {
        if (unstableSnapshot == snapshot) {
            unstableSnapshot = null;
        }
        stable = Math.max(stable, snapshot.index());
        applied = Math.max(applied, snapshot.index());
    }

    /** Drops the entries up to the state machine's new snapshot, which becomes the one to send. */
    void compact(Snapshot taken) {
        long index = taken.index();
        entries.subList(0, (int) (index - snapshotIndex)).clear();
        snapshotIndex = index;
        snapshotTerm = taken.term();
        snapshot = taken;
    }
}
