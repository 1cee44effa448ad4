package io.raftkv.server.storage;

import io.raftkv.server.raft.PersistentState;
import io.raftkv.server.raft.Ready;
import io.raftkv.server.raft.message.ConfState;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.HardState;
import io.raftkv.server.raft.message.Snapshot;
import io.raftkv.server.raft.message.SnapshotMeta;

import java.util.List;

/**
 * One node's durable Raft state: the log, the hard state and the newest snapshot.
 *
 * <p>The stored log is always a snapshot (an empty one at index 0 before any) followed by the
 * contiguous entries {@code snapshot.index()+1 .. lastIndex()}. Every mutating method is one atomic
 * write that is durable (fsynced) when it returns: after a crash the store holds either all of a
 * call's effects or, if the call never returned, all or none of them. A call that throws changed
 * nothing. Calls come from one thread at a time (the node's Raft thread); implementations need not
 * order concurrent mutating calls, but readers may run on other threads.
 */
public interface LogStore extends AutoCloseable {
    /** The snapshot of empty storage: index 0, term 0, no members, no data. */
    Snapshot NO_SNAPSHOT = new Snapshot(new SnapshotMeta(0, 0, ConfState.EMPTY), new byte[0]);

    /**
     * What the Raft core needs to restart: the stored hard state ({@link HardState#INITIAL} if none),
     * snapshot ({@link #NO_SNAPSHOT} if none) and the entries after it.
     *
     * @param applied the state machine's applied index ({@link StateStore#appliedIndex()})
     * @throws IllegalArgumentException if {@code applied} is below the stored snapshot's index: the
     *                                  node crashed between persisting a leader's snapshot and installing it, and must install
     *                                  {@link #snapshot()} into the state machine first
     */
    PersistentState load(long applied);

    /** The stored snapshot, {@link #NO_SNAPSHOT} if none. */
    Snapshot snapshot();

    /**
     * Persists one {@link Ready} in one atomic, durable write, in the Ready's order:
     * <ol>
     *   <li>a non-null {@code snapshot} replaces the whole stored log: every entry is deleted and the
     *       snapshot (meta and data) replaces the stored one;</li>
     *   <li>non-empty {@code entries} replace every stored entry at and after the first one's index;
     *       entries at or below the (possibly new) snapshot's index are skipped;</li>
     *   <li>a non-null {@code hardState} replaces the stored one.</li>
     * </ol>
     * With nothing to write it returns at once, writing nothing.
     *
     * @throws IllegalArgumentException if the entries are not contiguous, or the first one would leave
     *                                  a gap after {@link #lastIndex()} (as it would after step 1)
     */
    void persist(HardState hardState, Snapshot snapshot, List<Entry> entries);

    /**
     * Stores a hard state that differs from the stored one only in a higher commit index (a
     * {@link Ready} that need not {@linkplain Ready#mustSync sync}). It need not be durable when this
     * returns, since a node can always learn the commit index again, but a crash that loses it must
     * also lose every later write to the node's state store: a state machine that comes back having
     * applied past the stored commit index is refused at start. The next {@link #persist} makes it
     * durable. The default persists it durably.
     */
    default void persistCommit(HardState hardState) {
        persist(hardState, null, List.of());
    }

    /**
     * The node's own state machine snapshotted itself at {@code snapshot.index()}: store the snapshot
     * and drop every entry up to its index from the log, atomically and durably: no read returns them
     * again (a store may delete them later, in small steps). Entries after it stay. A
     * snapshot not newer than the stored one is ignored (returns false), as a leader's snapshot may
     * have overtaken it.
     */
    boolean compact(Snapshot snapshot);

    /** The stored entries with {@code from <= index <= toInclusive}, in index order; empty if none. */
    List<Entry> entries(long from, long toInclusive);

    /** The first index an entry can have: the stored snapshot's index + 1. */
    long firstIndex();

    /** The last stored entry's index, or the snapshot's index when no entry follows it. */
    long lastIndex();

    /**
     * For {@link #persist} implementations: refuses entries whose indexes do not follow one another.
     *
     * @throws IllegalArgumentException naming the first gap
     */
    static void requireContiguous(List<Entry> entries) {
        for (int i = 1; i < entries.size(); i++) {
            if (entries.get(i).index() != entries.get(i - 1).index() + 1) {
                throw new IllegalArgumentException("entries are not contiguous: " + entries.get(i - 1).index()
                        + " is followed by " + entries.get(i).index());
            }
        }
    }

    /** Releases the store; durable state is unaffected. Idempotent. */
    @Override
    void close();
}
