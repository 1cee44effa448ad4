package io.raftkv.server.storage;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * A state store that hands every call to another, for decorators that change one or two of them
 * (keep pre-images before an apply, pass applied batches on). Snapshots are not forwarded: the
 * interface's defaults write and read them through this store's own {@link #range} and
 * {@link #restore}, so a decorated restore sees a snapshot's too.
 */
public abstract class ForwardingStateStore implements StateStore {
    protected final StateStore delegate;

    protected ForwardingStateStore(StateStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public long appliedIndex() {
        return delegate.appliedIndex();
    }

    @Override
    public Optional<StoredValue> get(byte[] key) {
        return delegate.get(key);
    }

    @Override
    public List<StoredValue> getAll(List<byte[]> keys) {
        return delegate.getAll(keys);
    }

    @Override
    public List<StoredValue> range(byte[] startInclusive, byte[] prefix, int limit, boolean keysOnly) {
        return delegate.range(startInclusive, prefix, limit, keysOnly);
    }

    @Override
    public Optional<byte[]> getRecord(byte[] key) {
        return delegate.getRecord(key);
    }

    @Override
    public List<StoredRecord> records(byte[] startInclusive, byte[] prefix, int limit) {
        return delegate.records(startInclusive, prefix, limit);
    }

    @Override
    public void apply(long appliedIndex, List<Mutation> mutations) {
        delegate.apply(appliedIndex, mutations);
    }

    @Override
    public void restore(long appliedIndex, Iterator<? extends Mutation> contents) {
        delegate.restore(appliedIndex, contents);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
