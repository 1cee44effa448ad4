package io.raftkv.server.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;

/**
 * A state store whose state can be read as of one moment while writes go on: {@link #freeze()}
 * returns a read-only view of the state as it is then, and until {@link #thaw()} every
 * {@link #apply} first keeps the pre-image of each key it is about to change (copy on write). The
 * view reads the live store and puts the pre-images over it. That is how a snapshot is taken on a
 * thread of its own without stopping writes and without MVCC in the store.
 *
 * <p>Why the view is consistent: a pre-image is kept before the change reaches the store, and the
 * view reads the store before it looks for pre-images; so whenever it saw a changed key, it finds
 * that key's pre-image, and a key removed since the freeze is found among the pre-images even if
 * the store no longer lists it. Writes (apply, restore, freeze, thaw) come from one thread; the view
 * may be read from another.
 */
public final class FreezableStateStore extends ForwardingStateStore {
    private final ConcurrentNavigableMap<byte[], Optional<StoredValue>> values = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);
    private final ConcurrentNavigableMap<byte[], Optional<byte[]>> records = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);
    private volatile boolean frozen;

    public FreezableStateStore(StateStore store) {
        super(store);
    }

    /**
     * The state as it is now, read-only, until {@link #thaw()}.
     *
     * @throws IllegalStateException if it is frozen already
     */
    public StateStore freeze() {
        if (frozen) {
            throw new IllegalStateException("frozen already");
        }
        frozen = true;
        return new View(delegate.appliedIndex());
    }

    /** Ends the freeze and forgets the pre-images; a view taken before must no longer be read. */
    public void thaw() {
        frozen = false;
        values.clear();
        records.clear();
    }

    @Override
    public void apply(long appliedIndex, List<Mutation> mutations) {
        if (frozen) {
            keepPreImages(mutations);
        }
        delegate.apply(appliedIndex, mutations);
    }

    private void keepPreImages(List<Mutation> mutations) {
        List<byte[]> keys = new ArrayList<>();
        for (Mutation m : mutations) {
            switch (m) {
                case Mutation.Put put -> keys.add(put.value().key());
                case Mutation.Delete delete -> keys.add(delete.key());
                case Mutation.PutRecord put -> keepRecord(put.record().key());
                case Mutation.DeleteRecord delete -> keepRecord(delete.key());
            }
        }
        List<byte[]> fresh = keys.stream().filter(k -> !values.containsKey(k)).toList();
        if (fresh.isEmpty()) {
            return;
        }
        Map<byte[], StoredValue> current = new TreeMap<>(Arrays::compareUnsigned);
        for (StoredValue v : delegate.getAll(fresh)) {
            current.put(v.key(), v);
        }
        for (byte[] key : fresh) {
            values.putIfAbsent(key, Optional.ofNullable(current.get(key)));
        }
    }

    private void keepRecord(byte[] key) {
        if (!records.containsKey(key)) {
            records.put(key, delegate.getRecord(key));
        }
    }

    @Override
    public void restore(long appliedIndex, Iterator<? extends Mutation> contents) {
        if (frozen) {
            throw new IllegalStateException("cannot restore while frozen: a snapshot is being read");
        }
        delegate.restore(appliedIndex, contents);
    }

    /** The frozen state: the live store with the pre-images put over it. */
    private final class View implements StateStore {
        private final long appliedIndex;

        View(long appliedIndex) {
            this.appliedIndex = appliedIndex;
        }

        @Override
        public long appliedIndex() {
            return appliedIndex;
        }

        @Override
        public Optional<StoredValue> get(byte[] key) {
            Optional<StoredValue> live = delegate.get(key);
            Optional<StoredValue> before = values.get(key);
            return before != null ? before : live;
        }

        @Override
        public Optional<byte[]> getRecord(byte[] key) {
            Optional<byte[]> live = delegate.getRecord(key);
            Optional<byte[]> before = records.get(key);
            return before != null ? before : live;
        }

        @Override
        public List<StoredValue> range(byte[] startInclusive, byte[] prefix, int limit, boolean keysOnly) {
            return merged(startInclusive, prefix, limit, values, StoredValue::key,
                    (from, n) -> delegate.range(from, prefix, n, keysOnly), v -> keysOnly ? v.withoutValue() : v);
        }

        @Override
        public List<StoredRecord> records(byte[] startInclusive, byte[] prefix, int limit) {
            return merged(startInclusive, prefix, limit, records.entrySet().stream().collect(
                            () -> new ConcurrentSkipListMap<byte[], Optional<StoredRecord>>(Arrays::compareUnsigned),
                            (m, e) -> m.put(e.getKey(), e.getValue().map(v -> new StoredRecord(e.getKey(), v))),
                            Map::putAll),
                    StoredRecord::key, (from, n) -> delegate.records(from, prefix, n), r -> r);
        }

        @Override
        public void apply(long appliedIndex, List<Mutation> mutations) {
            throw new UnsupportedOperationException("a frozen view is read-only");
        }

        @Override
        public void restore(long appliedIndex, Iterator<? extends Mutation> contents) {
            throw new UnsupportedOperationException("a frozen view is read-only");
        }

        @Override
        public void close() {
        }
    }

    /** Reads a page of the live store. */
    private interface Pages<T> {
        List<T> read(byte[] from, int limit);
    }

    /**
     * The first {@code limit} items at or after {@code start} under {@code prefix} as they were at the
     * freeze: each live page, read first, then the pre-images up to its last key (or all the rest once
     * the store has no more) put over it; pages are read on while pre-images of keys created since the
     * freeze leave a page short.
     */
    private static <T> List<T> merged(byte[] start, byte[] prefix, int limit,
                                      ConcurrentNavigableMap<byte[], Optional<T>> preImages,
                                      Function<T, byte[]> keyOf, Pages<T> live, Function<T, T> shape) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        ConcurrentNavigableMap<byte[], T> result = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);
        byte[] from = start;
        while (true) {
            List<T> page = live.read(from, limit);
            boolean exhausted = page.size() < limit;
            ConcurrentNavigableMap<byte[], Optional<T>> over = exhausted ? preImages.tailMap(from, true)
                    : preImages.subMap(from, true, keyOf.apply(page.getLast()), true);
            for (T item : page) {
                if (!over.containsKey(keyOf.apply(item))) {
                    result.put(keyOf.apply(item), item);
                }
            }
            over.forEach((key, before) -> before.filter(v -> startsWith(key, prefix)).ifPresent(v -> result.put(key, shape.apply(v))));
            if (exhausted || result.size() >= limit) {
                return result.values().stream().limit(limit).toList();
            }
            byte[] last = keyOf.apply(page.getLast());
            from = Arrays.copyOf(last, last.length + 1);
        }
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }
}
