package io.raftkv.server.storage.je;

import com.sleepycat.je.Cursor;
import com.sleepycat.je.CursorConfig;
import com.sleepycat.je.Database;
import com.sleepycat.je.DatabaseEntry;
import com.sleepycat.je.LockMode;
import com.sleepycat.je.OperationStatus;
import com.sleepycat.je.Transaction;
import io.raftkv.server.raft.PersistentState;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.HardState;
import io.raftkv.server.raft.message.Snapshot;
import io.raftkv.server.storage.LogStore;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Raft log in JE: {@code raft-log} maps big-endian indexes to entries, {@code raft-meta} holds the
 * hard state and the snapshot's meta, {@code raft-snapshot} the snapshot's data in chunks (so a large
 * snapshot is no single huge JE record).
 *
 * <p>Compaction only moves the snapshot: the entries it covers stay in {@code raft-log}, invisible
 * (every read starts after the snapshot), and each later {@link #persist} deletes up to
 * {@value #TRIM_PER_WRITE} of them in its own transaction. Deleting thousands of JE records at
 * once, one log record each, stalled the node's driver for 100-200 ms per snapshot.
 */
final class JeLogStore implements LogStore {
    private static final byte[] HARD_STATE = {'h'};
    private static final byte[] SNAPSHOT_META = {'s'};
    private static final int CHUNK = 1 << 20;
    static final int TRIM_PER_WRITE = 512;

    private final JeStorage storage;
    private final Database log;
    private final Database meta;
    private final Database snapshotData;
    private boolean closed;
    // Writer thread only, set after a commit: entries up to here are known deleted, so a trim need not
    // walk past their slots again (JE keeps deleted slots until its compressor runs; walking them costs).
    private long trimmedThrough;

    JeLogStore(JeStorage storage, Database log, Database meta, Database snapshotData) {
        this.storage = storage;
        this.log = log;
        this.meta = meta;
        this.snapshotData = snapshotData;
    }

    @Override
    public PersistentState load(long applied) {
        Snapshot snapshot = snapshot();
        if (applied < snapshot.index()) {
            throw new IllegalArgumentException("applied " + applied + " is below the stored snapshot at "
                    + snapshot.index() + ": install the snapshot into the state machine first");
        }
        byte[] hs = read(null, meta, HARD_STATE);
        HardState hardState = hs == null ? HardState.INITIAL : JeCodec.decodeHardState(hs);
        List<Entry> entries = entries(snapshot.index() + 1, Long.MAX_VALUE);
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).index() != snapshot.index() + 1 + i) {
                throw new IllegalStateException("the stored log has a gap before " + entries.get(i).index());
            }
        }
        return new PersistentState(hardState, snapshot, entries, applied);
    }

    @Override
    public Snapshot snapshot() {
        byte[] m = read(null, meta, SNAPSHOT_META);
        if (m == null) {
            return NO_SNAPSHOT;
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        try (Cursor c = snapshotData.openCursor(null, CursorConfig.READ_COMMITTED)) {
            DatabaseEntry key = new DatabaseEntry();
            DatabaseEntry value = new DatabaseEntry();
            while (c.getNext(key, value, LockMode.DEFAULT) == OperationStatus.SUCCESS) {
                data.write(value.getData(), value.getOffset(), value.getSize());
            }
        }
        return new Snapshot(JeCodec.decodeSnapshotMeta(m), data.toByteArray());
    }

    @Override
    public void persist(HardState hardState, Snapshot snapshot, List<Entry> entries) {
        LogStore.requireContiguous(entries);
        if (hardState == null && snapshot == null && entries.isEmpty()) {
            return;
        }
        trimmedThrough = storage.write(txn -> {
            long snapshotIndex;
            if (snapshot != null) {
                deleteFrom(txn, 0);
                writeSnapshot(txn, snapshot);
                snapshotIndex = snapshot.index();
            } else {
                snapshotIndex = storedSnapshotIndex(txn);
            }
            if (!entries.isEmpty()) {
                long first = entries.getFirst().index();
                long last = lastIndex(txn, snapshotIndex);
                if (first > last + 1) {
                    throw new IllegalArgumentException("entries from " + first + " would leave a gap after " + last);
                }
                deleteFrom(txn, first);
                for (Entry e : entries) {
                    if (e.index() > snapshotIndex) {
                        log.put(txn, new DatabaseEntry(JeCodec.indexKey(e.index())), new DatabaseEntry(JeCodec.encodeEntry(e)));
                    }
                }
            }
            if (hardState != null) {
                meta.put(txn, new DatabaseEntry(HARD_STATE), new DatabaseEntry(JeCodec.encodeHardState(hardState)));
            }
            return trimCompacted(txn, snapshotIndex);
        });
    }

    /** Without an fsync: JE's next durable commit makes it durable, and a crash keeps a prefix (JeStorage). */
    @Override
    public void persistCommit(HardState hardState) {
        storage.writeUnsynced(txn -> meta.put(txn, new DatabaseEntry(HARD_STATE), new DatabaseEntry(JeCodec.encodeHardState(hardState))));
    }

    @Override
    public boolean compact(Snapshot snapshot) {
        return storage.write(txn -> {
            if (snapshot.index() <= storedSnapshotIndex(txn)) {
                return false;
            }
            writeSnapshot(txn, snapshot);
            return true;
        });
    }

    /**
     * Deletes up to {@link #TRIM_PER_WRITE} of the entries a snapshot at {@code snapshotIndex} covers.
     *
     * @return the index through which entries are deleted once the transaction commits
     */
    private long trimCompacted(Transaction txn, long snapshotIndex) {
        if (trimmedThrough >= snapshotIndex) {
            return trimmedThrough;
        }
        long through = snapshotIndex;
        try (Cursor c = log.openCursor(txn, null)) {
            DatabaseEntry key = new DatabaseEntry(JeCodec.indexKey(trimmedThrough + 1));
            DatabaseEntry value = new DatabaseEntry();
            value.setPartial(0, 0, true); // deleting needs no entry bytes
            OperationStatus status = c.getSearchKeyRange(key, value, LockMode.RMW);
            for (int trimmed = 0; status == OperationStatus.SUCCESS && JeCodec.index(key.getData()) <= snapshotIndex;
                 trimmed++) {
                if (trimmed == TRIM_PER_WRITE) {
                    through = JeCodec.index(key.getData()) - 1;
                    break;
                }
                c.delete();
                status = c.getNext(key, value, LockMode.RMW);
            }
        }
        return through;
    }

    @Override
    public List<Entry> entries(long from, long toInclusive) {
        List<Entry> result = new ArrayList<>();
        try (Cursor c = log.openCursor(null, CursorConfig.READ_COMMITTED)) {
            long first = Math.max(from, storedSnapshotIndex(null) + 1); // compacted entries may linger
            DatabaseEntry key = new DatabaseEntry(JeCodec.indexKey(first));
            DatabaseEntry value = new DatabaseEntry();
            OperationStatus status = c.getSearchKeyRange(key, value, LockMode.DEFAULT);
            while (status == OperationStatus.SUCCESS) {
                long index = JeCodec.index(key.getData());
                if (index > toInclusive) {
                    break;
                }
                result.add(JeCodec.decodeEntry(index, value.getData()));
                status = c.getNext(key, value, LockMode.DEFAULT);
            }
        }
        return result;
    }

    @Override
    public long firstIndex() {
        return storedSnapshotIndex(null) + 1;
    }

    @Override
    public long lastIndex() {
        return lastIndex(null, storedSnapshotIndex(null));
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            storage.storeClosed();
        }
    }


    private long storedSnapshotIndex(Transaction txn) {
        byte[] m = read(txn, meta, SNAPSHOT_META);
        return m == null ? 0 : JeCodec.decodeSnapshotMeta(m).index();
    }

    private long lastIndex(Transaction txn, long snapshotIndex) {
        try (Cursor c = log.openCursor(txn, null)) {
            DatabaseEntry key = new DatabaseEntry();
            DatabaseEntry value = new DatabaseEntry();
            value.setPartial(0, 0, true);
            return c.getLast(key, value, LockMode.DEFAULT) == OperationStatus.SUCCESS
                    ? Math.max(snapshotIndex, JeCodec.index(key.getData())) : snapshotIndex;
        }
    }

    /** Deletes every entry at and after {@code index}. */
    private void deleteFrom(Transaction txn, long index) {
        try (Cursor c = log.openCursor(txn, null)) {
            DatabaseEntry key = new DatabaseEntry(JeCodec.indexKey(index));
            DatabaseEntry value = new DatabaseEntry();
            value.setPartial(0, 0, true);
            OperationStatus status = c.getSearchKeyRange(key, value, LockMode.RMW);
            while (status == OperationStatus.SUCCESS) {
                c.delete();
                status = c.getNext(key, value, LockMode.RMW);
            }
        }
    }

    /** Replaces the stored snapshot's meta and data chunks. */
    private void writeSnapshot(Transaction txn, Snapshot snapshot) {
        meta.put(txn, new DatabaseEntry(SNAPSHOT_META), new DatabaseEntry(JeCodec.encodeSnapshotMeta(snapshot.meta())));
        try (Cursor c = snapshotData.openCursor(txn, null)) {
            DatabaseEntry key = new DatabaseEntry();
            DatabaseEntry value = new DatabaseEntry();
            value.setPartial(0, 0, true);
            while (c.getNext(key, value, LockMode.RMW) == OperationStatus.SUCCESS) {
                c.delete();
            }
        }
        byte[] data = snapshot.data() == null ? new byte[0] : snapshot.data();
        for (int chunk = 0, offset = 0; offset < data.length; chunk++, offset += CHUNK) {
            byte[] bytes = Arrays.copyOfRange(data, offset, Math.min(data.length, offset + CHUNK));
            snapshotData.put(txn, new DatabaseEntry(JeCodec.indexKey(chunk)), new DatabaseEntry(bytes));
        }
    }

    private static byte[] read(Transaction txn, Database db, byte[] key) {
        DatabaseEntry value = new DatabaseEntry();
        LockMode mode = txn == null ? LockMode.READ_COMMITTED : LockMode.RMW;
        return db.get(txn, new DatabaseEntry(key), value, mode) == OperationStatus.SUCCESS ? value.getData() : null;
    }
}
