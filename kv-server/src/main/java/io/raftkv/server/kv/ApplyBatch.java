package io.raftkv.server.kv;

import io.raftkv.server.storage.Mutation;
import io.raftkv.server.storage.StateStore;
import io.raftkv.server.storage.StoredRecord;
import io.raftkv.server.storage.StoredValue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The state as one batch of entries sees it while it applies: the store overlaid with the batch's own
 * changes so far (so a later command sees an earlier one's effect before anything is written), and
 * those changes as the mutations of the batch's single {@link StateStore#apply} transaction.
 */
final class ApplyBatch {
    /** The record holding the store-wide revision counter (8 bytes, big-endian); absent means 0. */
    static final byte[] REVISION_KEY = {0x01};

    private final StateStore store;
    /** Changed user keys: the new value, or empty for deleted. Sorted so the mutations come in key order. */
    private final Map<ByteKey, Optional<StoredValue>> values = new TreeMap<>();
    /** Changed records, likewise; sorted also because {@link #records} merges it with the store in order. */
    private final TreeMap<ByteKey, Optional<byte[]>> records = new TreeMap<>();
    /** Stored values read ahead for the batch's keys (empty: not stored), so each is not a read of its own. */
    private final Map<ByteKey, Optional<StoredValue>> prefetched = new HashMap<>();
    private long revision;

    ApplyBatch(StateStore store) {
        this.store = store;
        this.revision = readRevision(store);
    }

    /** The store-wide revision counter as the store holds it (0 before the first change). */
    static long readRevision(StateStore store) {
        return store.getRecord(REVISION_KEY).map(b -> ByteBuffer.wrap(b).getLong()).orElse(0L);
    }

    /** The revision after the commands applied so far. */
    long revision() {
        return revision;
    }

    /** Advances the revision counter for a command that changes something, returning the new revision. */
    long nextRevision() {
        revision++;
        records.put(new ByteKey(REVISION_KEY.clone()), Optional.of(ByteBuffer.allocate(8).putLong(revision).array()));
        return revision;
    }

    /** Reads the stored values of {@code keys} in one store call, ahead of the commands that need them. */
    void prefetch(List<byte[]> keys) {
        keys.forEach(key -> prefetched.put(new ByteKey(key), Optional.empty()));
        store.getAll(keys).forEach(v -> prefetched.put(new ByteKey(v.key()), Optional.of(v)));
    }

    Optional<StoredValue> value(byte[] key) {
        ByteKey k = new ByteKey(key);
        Optional<StoredValue> changed = values.get(k);
        if (changed != null) {
            return changed;
        }
        Optional<StoredValue> stored = prefetched.get(k);
        return stored != null ? stored : store.get(key);
    }

    void put(StoredValue value) {
        values.put(new ByteKey(value.key()), Optional.of(value));
    }

    void delete(byte[] key) {
        values.put(ByteKey.of(key), Optional.empty());
    }

    Optional<byte[]> record(byte[] key) {
        Optional<byte[]> changed = records.get(new ByteKey(key));
        return changed != null ? changed.map(byte[]::clone) : store.getRecord(key);
    }

    void putRecord(byte[] key, byte[] value) {
        records.put(ByteKey.of(key), Optional.of(value.clone()));
    }

    void deleteRecord(byte[] key) {
        records.put(ByteKey.of(key), Optional.empty());
    }

    /** The first {@code limit} records under {@code prefix} in key order, this batch's changes included. */
    List<StoredRecord> records(byte[] prefix, int limit) {
        TreeMap<ByteKey, byte[]> merged = new TreeMap<>();
        // The first `limit` stored records this batch has not touched, paging past the touched ones
        // (purged expiry entries are the oldest, so they would otherwise hide everything behind them).
        int fromStore = 0;
        byte[] start = prefix;
        while (fromStore < limit) {
            List<StoredRecord> page = store.records(start, prefix, limit);
            for (StoredRecord r : page) {
                if (!records.containsKey(new ByteKey(r.key())) && fromStore < limit) {
                    merged.put(new ByteKey(r.key()), r.value());
                    fromStore++;
                }
            }
            if (page.size() < limit) {
                break;
            }
            start = Arrays.copyOf(page.getLast().key(), page.getLast().key().length + 1); // just after it
        }
        for (Map.Entry<ByteKey, Optional<byte[]>> e : records.tailMap(new ByteKey(prefix)).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            e.getValue().ifPresent(v -> merged.put(e.getKey(), v));
        }
        List<StoredRecord> result = new ArrayList<>(limit);
        for (Map.Entry<ByteKey, byte[]> e : merged.entrySet()) {
            if (result.size() == limit) {
                break;
            }
            result.add(new StoredRecord(e.getKey().bytes(), e.getValue()));
        }
        return result;
    }

    /** This batch's changes as the store's mutations, one per changed key or record. */
    List<Mutation> mutations() {
        List<Mutation> mutations = new ArrayList<>(values.size() + records.size());
        values.forEach((key, value) -> mutations.add(value.<Mutation>map(Mutation.Put::new)
                .orElseGet(() -> new Mutation.Delete(key.bytes()))));
        records.forEach((key, value) -> mutations.add(value.<Mutation>map(v -> new Mutation.PutRecord(key.bytes(), v))
                .orElseGet(() -> new Mutation.DeleteRecord(key.bytes()))));
        return mutations;
    }
}
