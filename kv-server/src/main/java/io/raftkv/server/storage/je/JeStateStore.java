package io.raftkv.server.storage.je;

import com.sleepycat.je.Cursor;
import com.sleepycat.je.CursorConfig;
import com.sleepycat.je.Database;
import com.sleepycat.je.DatabaseEntry;
import com.sleepycat.je.LockMode;
import com.sleepycat.je.OperationStatus;
import com.sleepycat.je.Transaction;
import io.raftkv.server.storage.Mutation;
import io.raftkv.server.storage.StateStore;
import io.raftkv.server.storage.StoredRecord;
import io.raftkv.server.storage.StoredValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The key-value state in JE: {@code kv} maps user keys to metadata and value, {@code kv-records}
 * holds the auxiliary records, {@code kv-meta} the applied index. JE's default key order is the
 * unsigned byte order the contract asks for.
 *
 * <p>Snapshots ({@link #writeSnapshot}) read with non-transactional, read-committed cursors: JE has
 * no multi-version reads, and a transaction reading the whole state would lock every record and
 * stall the apply thread. The image is consistent because the node writes it from its apply thread,
 * between applies, as the interface requires.
 */
final class JeStateStore implements StateStore {
    private static final byte[] APPLIED = {'a'};

    private final JeStorage storage;
    private final Database kv;
    private final Database records;
    private final Database meta;
    private boolean closed;

    JeStateStore(JeStorage storage, Database kv, Database records, Database meta) {
        this.storage = storage;
        this.kv = kv;
        this.records = records;
        this.meta = meta;
    }

    @Override
    public long appliedIndex() {
        return appliedIndex(null);
    }

    @Override
    public Optional<StoredValue> get(byte[] key) {
        if (key.length == 0) {
            return Optional.empty(); // nothing is stored under an empty key
        }
        DatabaseEntry value = new DatabaseEntry();
        if (kv.get(null, new DatabaseEntry(key), value, LockMode.READ_COMMITTED) != OperationStatus.SUCCESS) {
            return Optional.empty();
        }
        return Optional.of(JeCodec.decodeValue(key, value.getData()));
    }

    @Override
    public List<StoredValue> range(byte[] startInclusive, byte[] prefix, int limit, boolean keysOnly) {
        DatabaseEntry value = new DatabaseEntry();
        if (keysOnly) {
            value.setPartial(0, JeCodec.VALUE_HEADER, true); // the metadata, not the value's bytes
        }
        return scan(kv, startInclusive, prefix, limit, value, JeCodec::decodeValue);
    }

    @Override
    public Optional<byte[]> getRecord(byte[] key) {
        if (key.length == 0) {
            return Optional.empty();
        }
        DatabaseEntry value = new DatabaseEntry();
        if (records.get(null, new DatabaseEntry(key), value, LockMode.READ_COMMITTED) != OperationStatus.SUCCESS) {
            return Optional.empty();
        }
        return Optional.of(value.getData());
    }

    @Override
    public List<StoredRecord> records(byte[] startInclusive, byte[] prefix, int limit) {
        return scan(records, startInclusive, prefix, limit, new DatabaseEntry(), StoredRecord::new);
    }

    /**
     * Without an fsync (JeStorage): the entries applied are in the log already, durably, so a crash that
     * loses this batch (and every later one, never an earlier one) only makes the node replay them.
     */
    @Override
    public void apply(long appliedIndex, List<Mutation> mutations) {
        List<Mutation> batch = List.copyOf(mutations);
        storage.writeUnsynced(txn -> {
            long current = appliedIndex(txn);
            StateStore.requireNewer(appliedIndex, current);
            batch.forEach(m -> write(txn, m));
            setAppliedIndex(txn, appliedIndex);
        });
    }

    @Override
    public void restore(long appliedIndex, Iterator<? extends Mutation> contents) {
        if (appliedIndex < 0) {
            throw new IllegalArgumentException("negative applied index " + appliedIndex);
        }
        storage.write(txn -> {
            deleteAll(txn, kv);
            deleteAll(txn, records);
            contents.forEachRemaining(m -> write(txn, Objects.requireNonNull(m, "mutation")));
            setAppliedIndex(txn, appliedIndex);
            return null;
        });
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            storage.storeClosed();
        }
    }

    private void write(Transaction txn, Mutation m) {
        switch (m) {
            case Mutation.Put p -> kv.put(txn, new DatabaseEntry(p.value().key()), new DatabaseEntry(JeCodec.encodeValue(p.value())));
            case Mutation.Delete d -> kv.delete(txn, new DatabaseEntry(d.key()));
            case Mutation.PutRecord r -> records.put(txn, new DatabaseEntry(r.record().key()), new DatabaseEntry(r.record().value()));
            case Mutation.DeleteRecord d -> records.delete(txn, new DatabaseEntry(d.key()));
        }
    }

    private long appliedIndex(Transaction txn) {
        DatabaseEntry value = new DatabaseEntry();
        LockMode mode = txn == null ? LockMode.READ_COMMITTED : LockMode.RMW;
        return meta.get(txn, new DatabaseEntry(APPLIED), value, mode) == OperationStatus.SUCCESS
                ? JeCodec.index(value.getData()) : 0;
    }

    private void setAppliedIndex(Transaction txn, long index) {
        meta.put(txn, new DatabaseEntry(APPLIED), new DatabaseEntry(JeCodec.indexKey(index)));
    }

    private static void deleteAll(Transaction txn, Database db) {
        try (Cursor c = db.openCursor(txn, null)) {
            DatabaseEntry key = new DatabaseEntry();
            DatabaseEntry value = new DatabaseEntry();
            value.setPartial(0, 0, true);
            while (c.getNext(key, value, LockMode.RMW) == OperationStatus.SUCCESS) {
                c.delete();
            }
        }
    }

    /** Keys {@code >= start} with {@code prefix}: every such key is {@code >= prefix}, so seek to the larger. */
    private static <T> List<T> scan(Database db, byte[] start, byte[] prefix, int limit, DatabaseEntry value,
                                    BiFunction<byte[], byte[], T> decode) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, is " + limit);
        }
        byte[] from = Arrays.compareUnsigned(start, prefix) >= 0 ? start : prefix;
        List<T> result = new ArrayList<>();
        try (Cursor c = db.openCursor(null, CursorConfig.READ_COMMITTED)) {
            DatabaseEntry key = new DatabaseEntry(from.clone());
            OperationStatus status = from.length == 0
                    ? c.getFirst(key, value, LockMode.DEFAULT)
                    : c.getSearchKeyRange(key, value, LockMode.DEFAULT);
            while (status == OperationStatus.SUCCESS && result.size() < limit) {
                byte[] k = key.getData();
                if (!hasPrefix(k, prefix)) {
                    break; // keys with the prefix are contiguous in key order: none follow
                }
                result.add(decode.apply(k, value.getData()));
                status = c.getNext(key, value, LockMode.DEFAULT);
            }
        }
        return result;
    }

    private static boolean hasPrefix(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
