package io.raftkv.server.raft;

import io.raftkv.server.raft.message.ConfChange;
import io.raftkv.server.raft.message.ConfState;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.EntryType;
import io.raftkv.server.raft.message.Snapshot;
import io.raftkv.server.raft.message.SnapshotMeta;

import java.util.List;
import java.util.TreeMap;

/**
 * The membership in force, and since which log index each recent membership held, so a snapshot
 * at any applied index records the right one. A change takes effect when its entry is applied,
 * on every node alike (one server at a time, thesis §4.1; applied-time activation as in etcd).
 */
final class Membership {
    private final RaftLog log;
    private final TreeMap<Long, ConfState> history = new TreeMap<>();
    private ConfState current;

    /**
     * Starts from the snapshot's membership plus every committed change after it: a committed
     * change is durable on a quorum and will be applied, so a restarted node heeds it at once
     * rather than campaigning under an older membership.
     */
    Membership(Snapshot snapshot, RaftLog log) {
        this.log = log;
        restored(snapshot);
        catchUpWithCommitted();
    }

    /** Brings the membership up to the committed log; re-applying a change later changes nothing. */
    void catchUpWithCommitted() {
        long from = history.lastKey() + 1;
        for (long i = from; i <= log.committed(); i++) {
            apply(log.entry(i));
        }
    }

    ConfState current() {
        return current;
    }

    /** Applies the membership changes among {@code entries}; true if the membership changed. */
    boolean applied(List<Entry> entries) {
        boolean changed = false;
        for (Entry e : entries) {
            changed |= apply(e);
        }
        return changed;
    }

    private boolean apply(Entry e) {
        if (e.type() != EntryType.CONF_CHANGE) {
            return false;
        }
        ConfState next;
        try {
            next = current.apply(ConfChange.decode(e.data()));
        } catch (IllegalArgumentException invalid) {
            // The leader validates before proposing; should an invalid change commit anyway, every
            // node skips it alike, so memberships never diverge.
            return false;
        }
        if (next.equals(current)) {
            return false;
        }
        current = next;
        history.put(e.index(), next);
        return true;
    }

    void restored(Snapshot snapshot) {
        current = snapshot.meta().conf();
        history.clear();
        history.put(snapshot.index(), current);
    }

    /** The metadata of a snapshot taken at {@code index}. */
    SnapshotMeta metaAt(long index) {
        long term = log.term(index);
        if (term < 0 || index > log.applied()) {
            throw new IllegalArgumentException("cannot snapshot at " + index + ": the log holds "
                    + log.snapshotIndex() + ".." + log.lastIndex() + " and " + log.applied() + " is applied");
        }
        return new SnapshotMeta(index, term, history.floorEntry(index).getValue());
    }

    /** Forgets memberships superseded before the compaction point. */
    void compacted(long index) {
        history.headMap(history.floorKey(index), false).clear();
    }
}
