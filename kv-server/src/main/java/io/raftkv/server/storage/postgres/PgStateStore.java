package io.raftkv.server.storage.postgres;

import io.raftkv.server.storage.Mutation;
import io.raftkv.server.storage.StateStore;
import io.raftkv.server.storage.StoredRecord;
import io.raftkv.server.storage.StoredValue;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertOnDuplicateSetMoreStep;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.impl.DSL;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static io.raftkv.server.storage.postgres.PgSchema.APPLIED_INDEX;
import static io.raftkv.server.storage.postgres.PgSchema.CREATE_REVISION;
import static io.raftkv.server.storage.postgres.PgSchema.KEY;
import static io.raftkv.server.storage.postgres.PgSchema.LEASE;
import static io.raftkv.server.storage.postgres.PgSchema.MOD_REVISION;
import static io.raftkv.server.storage.postgres.PgSchema.SINGLETON;
import static io.raftkv.server.storage.postgres.PgSchema.VALUE;
import static io.raftkv.server.storage.postgres.PgSchema.VERSION;

/**
 * The key-value state in PostgreSQL: {@code kv} holds the user's keys with their metadata,
 * {@code kv_records} the auxiliary records, {@code kv_applied} the applied index, written in the
 * same transaction as the mutations. {@code bytea} compares bytewise unsigned with a proper prefix
 * first, so {@code ORDER BY key} is the contract's order and a prefix is the key range
 * {@code [prefix, successor(prefix))}, which the primary key's index serves.
 *
 * <p>Reads are single statements under read committed: each sees a committed state, never half an
 * apply. A restore deletes with DELETE rather than TRUNCATE, so readers keep seeing the old state
 * until it commits instead of blocking on TRUNCATE's exclusive lock.
 */
final class PgStateStore implements StateStore {
    /** A streaming restore writes a batch when this many keys or value bytes are pending. */
    private static final int RESTORE_BATCH = 1000;
    private static final long RESTORE_BATCH_BYTES = 8L << 20;

    private final PgStorage storage;
    private final PgSchema schema;
    private final Field<?>[] valueColumns = {KEY, VALUE, CREATE_REVISION, MOD_REVISION, VERSION, LEASE};
    private final Field<?>[] metadataColumns = {KEY, CREATE_REVISION, MOD_REVISION, VERSION, LEASE};
    /** The stored row's index, where an upsert also names the proposed row ({@code excluded}). */
    private final Field<Long> storedAppliedIndex;
    private boolean closed;

    PgStateStore(PgStorage storage, PgSchema schema) {
        this.storage = storage;
        this.schema = schema;
        this.storedAppliedIndex = PgSchema.of(schema.kvApplied, APPLIED_INDEX);
    }

    @Override
    public long appliedIndex() {
        return appliedIndex(storage.reads());
    }

    @Override
    public Optional<StoredValue> get(byte[] key) {
        if (key.length == 0) {
            return Optional.empty(); // nothing is stored under an empty key
        }
        return storage.reads().select(valueColumns).from(schema.kv).where(KEY.eq(key))
                .fetchOptional(r -> value(r, false));
    }

    @Override
    public List<StoredValue> getAll(List<byte[]> keys) {
        List<byte[]> nonEmpty = keys.stream().filter(k -> k.length > 0).toList();
        if (nonEmpty.isEmpty()) {
            return List.of();
        }
        return storage.reads().select(valueColumns).from(schema.kv).where(KEY.in(nonEmpty))
                .fetch(r -> value(r, false));
    }

    @Override
    public List<StoredValue> range(byte[] startInclusive, byte[] prefix, int limit, boolean keysOnly) {
        checkLimit(limit);
        return storage.reads().select(keysOnly ? metadataColumns : valueColumns).from(schema.kv)
                .where(keyRange(startInclusive, prefix))
                .orderBy(KEY).limit(limit)
                .fetch(r -> value(r, keysOnly));
    }

    @Override
    public Optional<byte[]> getRecord(byte[] key) {
        if (key.length == 0) {
            return Optional.empty();
        }
        return storage.reads().select(VALUE).from(schema.kvRecords).where(KEY.eq(key)).fetchOptional(Record1::value1);
    }

    @Override
    public List<StoredRecord> records(byte[] startInclusive, byte[] prefix, int limit) {
        checkLimit(limit);
        return storage.reads().select(KEY, VALUE).from(schema.kvRecords)
                .where(keyRange(startInclusive, prefix))
                .orderBy(KEY).limit(limit)
                .fetch(r -> new StoredRecord(r.value1(), r.value2()));
    }

    @Override
    public void apply(long appliedIndex, List<Mutation> mutations) {
        PgMutations batch = new PgMutations(schema);
        mutations.forEach(batch::add);
        // With the node's log here, the entries are in this server's WAL already (PgStorage).
        storage.write(dsl -> {
            if (appliedIndex <= 0 || !advanceAppliedIndex(dsl, appliedIndex)) {
                // Not above the stored index (the row, locked now, holds at least 0): this throws and rolls back.
                StateStore.requireNewer(appliedIndex, appliedIndex(dsl));
            }
            batch.flush(dsl);
        }, !storage.logInUse());
    }

    @Override
    public void restore(long appliedIndex, Iterator<? extends Mutation> contents) {
        if (appliedIndex < 0) {
            throw new IllegalArgumentException("negative applied index " + appliedIndex);
        }
        storage.write(dsl -> {
            dsl.deleteFrom(schema.kv).execute();
            dsl.deleteFrom(schema.kvRecords).execute();
            PgMutations batch = new PgMutations(schema);
            while (contents.hasNext()) {
                batch.add(Objects.requireNonNull(contents.next(), "mutation"));
                if (batch.size() >= RESTORE_BATCH || batch.bytes() >= RESTORE_BATCH_BYTES) {
                    batch.flush(dsl);
                }
            }
            batch.flush(dsl);
            setAppliedIndex(dsl, appliedIndex);
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

    private static void checkLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, is " + limit);
        }
    }

    /** Keys {@code >= start} with {@code prefix}: every such key is {@code >= prefix} too, so start at the larger. */
    private static Condition keyRange(byte[] start, byte[] prefix) {
        byte[] from = Arrays.compareUnsigned(start, prefix) >= 0 ? start : prefix;
        Condition range = from.length == 0 ? DSL.noCondition() : KEY.ge(from);
        byte[] end = successor(prefix);
        return end == null ? range : range.and(KEY.lt(end));
    }

    /**
     * The smallest key greater than every key beginning with {@code prefix}: the prefix without its
     * trailing 0xFF bytes, last byte incremented. Null if there is none (an empty or all-0xFF
     * prefix): then every key from the prefix on has it.
     */
    static byte[] successor(byte[] prefix) {
        int last = prefix.length - 1;
        while (last >= 0 && prefix[last] == (byte) 0xFF) {
            last--;
        }
        if (last < 0) {
            return null;
        }
        byte[] end = Arrays.copyOf(prefix, last + 1);
        end[last]++;
        return end;
    }

    private static StoredValue value(Record r, boolean keysOnly) {
        byte[] value = keysOnly ? new byte[0] : r.get(VALUE);
        return new StoredValue(r.get(KEY), value, r.get(CREATE_REVISION), r.get(MOD_REVISION), r.get(VERSION), r.get(LEASE));
    }

    private long appliedIndex(DSLContext dsl) {
        return orZero(dsl.select(APPLIED_INDEX).from(schema.kvApplied).fetchOne(APPLIED_INDEX));
    }

    /**
     * Sets the applied index if {@code index} is above it, in one statement (no read first); false if
     * it is not. The row stays locked to the end of the transaction either way (PostgreSQL locks a
     * conflicting row the WHERE turns down too), so even two writers, which the contract rules out,
     * could not both pass.
     */
    private boolean advanceAppliedIndex(DSLContext dsl, long index) {
        return upsertAppliedIndex(dsl, index).where(storedAppliedIndex.lt(DSL.excluded(APPLIED_INDEX))).execute() == 1;
    }

    private static long orZero(Long index) {
        return index == null ? 0 : index;
    }

    private void setAppliedIndex(DSLContext dsl, long index) {
        upsertAppliedIndex(dsl, index).execute();
    }

    private InsertOnDuplicateSetMoreStep<Record> upsertAppliedIndex(DSLContext dsl, long index) {
        return dsl.insertInto(schema.kvApplied, APPLIED_INDEX).values(index)
                .onConflict(SINGLETON).doUpdate().set(APPLIED_INDEX, DSL.excluded(APPLIED_INDEX));
    }
}
