package io.raftkv.server.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The key-value state machine's storage: user keys with values and metadata ({@link StoredValue}),
 * a separate keyspace of auxiliary records ({@link StoredRecord}), and the applied index, the last
 * log index whose effects are stored.
 *
 * <p>Keys are non-empty byte arrays ordered unsigned-lexicographically (byte by byte as 0..255, a
 * proper prefix first). {@link #apply} and {@link #restore} are each one atomic transaction that
 * also sets the applied index: after a crash the store holds exactly the effects of the entries up
 * to its applied index, so replaying the log from there never applies an entry twice nor skips one.
 * {@link #restore} is durable when it returns; {@link #apply} may be durable only once the node's
 * {@link LogStore} next persists (a store sharing one sequential log with it), as long as a crash
 * loses only the newest applies, which the node replays. A call that throws changed nothing. Writes come from one
 * thread (the node's apply thread); reads may come from any thread.
 */
public interface StateStore extends AutoCloseable {
    /** The applied index: 0 for empty storage, else the index passed to the last {@link #apply} or {@link #restore}. */
    long appliedIndex();

    /** The value stored under {@code key}, if any (none under an empty key). */
    Optional<StoredValue> get(byte[] key);

    /**
     * The values stored under any of {@code keys}, in no particular order; absent keys are left out.
     * For a backend where each read is a round trip (PostgreSQL), one read for a whole batch.
     */
    default List<StoredValue> getAll(List<byte[]> keys) {
        return keys.stream().map(this::get).flatMap(Optional::stream).toList();
    }

    /**
     * The stored values whose keys are {@code >= startInclusive} and begin with {@code prefix}, in key
     * order, at most {@code limit} of them. An empty start or prefix does not restrict. With
     * {@code keysOnly} each value's bytes are left out (empty), its metadata kept.
     *
     * @throws IllegalArgumentException if {@code limit < 1}
     */
    List<StoredValue> range(byte[] startInclusive, byte[] prefix, int limit, boolean keysOnly);

    /** The auxiliary record stored under {@code key}, if any (none under an empty key). */
    Optional<byte[]> getRecord(byte[] key);

    /** Like {@link #range}, over the auxiliary records. */
    List<StoredRecord> records(byte[] startInclusive, byte[] prefix, int limit);

    /**
     * Applies the effects of the log entries up to {@code appliedIndex}: every mutation, in order, and
     * the new applied index, in one atomic transaction (durable as the class comment says). An empty
     * list just advances the index.
     *
     * @throws IllegalStateException if {@code appliedIndex <= appliedIndex()}: that entry was applied
     *                               already, so nothing is written
     */
    void apply(long appliedIndex, List<Mutation> mutations);

    /**
     * Replaces the whole state (values and records) with {@code contents} and sets the applied index,
     * in one atomic, durable transaction; for installing a snapshot, so {@code appliedIndex} may be
     * lower than the current one. Mutations apply in order onto empty storage. If the iterator throws,
     * the exception propagates and nothing changed; a reader can so verify a checksum at the end.
     */
    void restore(long appliedIndex, Iterator<? extends Mutation> contents);

    /**
     * Writes the whole state and applied index to {@code out} in {@link StateSnapshotFormat}
     * (checksummed). Not closed, but flushed. The image is consistent only if no {@link #apply} or
     * {@link #restore} runs meanwhile, so the node calls it from its apply thread; one that did run
     * is detected by the applied index moving and fails the write with an IllegalStateException.
     */
    default void writeSnapshot(OutputStream out) throws IOException {
        StateSnapshotFormat.write(this, out);
    }

    /**
     * Replaces the whole state with a snapshot {@link #writeSnapshot} wrote, through {@link #restore},
     * so atomically: a damaged stream throws {@link CorruptSnapshotException} and changes nothing.
     * Reads {@code in} to the snapshot's end (perhaps beyond) and does not close it.
     */
    default void readSnapshot(InputStream in) throws IOException {
        StateSnapshotFormat.Reader reader = StateSnapshotFormat.reader(in);
        try {
            restore(reader.appliedIndex(), reader);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * For {@link #apply} implementations: refuses an applied index that is not above the stored one.
     *
     * @throws IllegalStateException naming both
     */
    static void requireNewer(long appliedIndex, long current) {
        if (appliedIndex <= current) {
            throw new IllegalStateException("entry " + appliedIndex + " is applied already (applied index "
                    + current + ")");
        }
    }

    /** Releases the store; durable state is unaffected. Idempotent. */
    @Override
    void close();
}
