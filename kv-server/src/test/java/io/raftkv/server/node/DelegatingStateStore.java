package io.raftkv.server.node;

import io.raftkv.server.storage.Mutation;
import io.raftkv.server.storage.StateStore;
import io.raftkv.server.storage.StoredRecord;
import io.raftkv.server.storage.StoredValue;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * A state store that hands every call to {@link #delegate()}, for tests that change one behaviour
 * of a real store (an outage, a slow snapshot). Closing it leaves the delegate open: the test closes
 * the storage behind it.
 */
abstract class DelegatingStateStore implements StateStore {
    abstract StateStore delegate();

    @Override
    public long appliedIndex() {
        return delegate().appliedIndex();
    }

    @Override
    public Optional<StoredValue> get(byte[] key) {
        return delegate().get(key);
    }

    @Override
    public List<StoredValue> range(byte[] startInclusive, byte[] prefix, int limit, boolean keysOnly) {
        return delegate().range(startInclusive, prefix, limit, keysOnly);
    }

    @Override
    public Optional<byte[]> getRecord(byte[] key) {
        return delegate().getRecord(key);
    }

    @Override
    public List<StoredRecord> records(byte[] startInclusive, byte[] prefix, int limit) {
        return delegate().records(startInclusive, prefix, limit);
    }

    @Override
    public void apply(long appliedIndex, List<Mutation> mutations) {
        delegate().apply(appliedIndex, mutations);
    }

    @Override
    public void restore(long appliedIndex, Iterator<? extends Mutation> contents) {
        delegate().restore(appliedIndex, contents);
    }

    @Override
    public void close() {
    }
}
