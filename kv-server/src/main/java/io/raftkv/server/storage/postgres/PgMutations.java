package io.raftkv.server.storage.postgres;

import io.raftkv.server.storage.Mutation;
import io.raftkv.server.storage.StoredRecord;
import io.raftkv.server.storage.StoredValue;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.jooq.Table;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.raftkv.server.storage.postgres.PgSchema.CREATE_REVISION;
import static io.raftkv.server.storage.postgres.PgSchema.KEY;
import static io.raftkv.server.storage.postgres.PgSchema.LEASE;
import static io.raftkv.server.storage.postgres.PgSchema.MOD_REVISION;
import static io.raftkv.server.storage.postgres.PgSchema.VALUE;
import static io.raftkv.server.storage.postgres.PgSchema.VERSION;
import static org.jooq.impl.DSL.excluded;

/**
 * Mutations gathered for one transaction and written as at most four JDBC batches (deletes and
 * upserts, of values and of records) instead of a statement each. Only the last mutation of a key
 * counts, so the batches touch disjoint keys and their order does not matter: the effect is that
 * of applying the mutations one by one, in order.
 */
final class PgMutations {
    private final PgSchema schema;
    /** The last write per key, in first-seen order; an empty Optional deletes. */
    private final Map<ByteBuffer, Optional<StoredValue>> values = new LinkedHashMap<>();
    private final Map<ByteBuffer, Optional<StoredRecord>> records = new LinkedHashMap<>();
    private long bytes;

    PgMutations(PgSchema schema) {
        this.schema = schema;
    }

    void add(Mutation m) {
        bytes += m.size();
        switch (m) {
            case Mutation.Put p -> values.put(ByteBuffer.wrap(p.value().key()), Optional.of(p.value()));
            case Mutation.Delete d -> values.put(ByteBuffer.wrap(d.key()), Optional.empty());
            case Mutation.PutRecord r -> records.put(ByteBuffer.wrap(r.record().key()), Optional.of(r.record()));
            case Mutation.DeleteRecord d -> records.put(ByteBuffer.wrap(d.key()), Optional.empty());
        }
    }

    int size() {
        return values.size() + records.size();
    }

    /** Roughly how many key and value bytes are pending, to bound a streaming restore's memory. */
    long bytes() {
        return bytes;
    }

    /** Writes everything gathered so far and starts over empty. */
    void flush(DSLContext dsl) {
        deleteKeys(dsl, schema.kv, values);
        deleteKeys(dsl, schema.kvRecords, records);
        upsertValues(dsl, values.values().stream().flatMap(Optional::stream).toList());
        upsertRecords(dsl, records.values().stream().flatMap(Optional::stream).toList());
        values.clear();
        records.clear();
        bytes = 0;
    }

    private static void deleteKeys(DSLContext dsl, Table<?> table, Map<ByteBuffer, ? extends Optional<?>> writes) {
        List<byte[]> keys = writes.entrySet().stream().filter(e -> e.getValue().isEmpty())
                .map(e -> e.getKey().array()).toList();
        if (keys.isEmpty()) {
            return;
        }
        BatchBindStep batch = dsl.batch(dsl.deleteFrom(table).where(KEY.eq((byte[]) null)));
        keys.forEach(k -> batch.bind((Object) k));
        batch.execute();
    }

    private void upsertValues(DSLContext dsl, List<StoredValue> puts) {
        if (puts.isEmpty()) {
            return;
        }
        BatchBindStep batch = dsl.batch(dsl.insertInto(schema.kv, KEY, VALUE, CREATE_REVISION, MOD_REVISION, VERSION, LEASE)
                .values((byte[]) null, null, null, null, null, null)
                .onConflict(KEY).doUpdate()
                .set(VALUE, excluded(VALUE))
                .set(CREATE_REVISION, excluded(CREATE_REVISION))
                .set(MOD_REVISION, excluded(MOD_REVISION))
                .set(VERSION, excluded(VERSION))
                .set(LEASE, excluded(LEASE)));
        for (StoredValue v : puts) {
            batch.bind(v.key(), v.value(), v.createRevision(), v.modRevision(), v.version(), v.lease());
        }
        batch.execute();
    }

    private void upsertRecords(DSLContext dsl, List<StoredRecord> puts) {
        if (puts.isEmpty()) {
            return;
        }
        BatchBindStep batch = dsl.batch(dsl.insertInto(schema.kvRecords, KEY, VALUE)
                .values((byte[]) null, null)
                .onConflict(KEY).doUpdate()
                .set(VALUE, excluded(VALUE)));
        for (StoredRecord r : puts) {
            batch.bind(r.key(), r.value());
        }
        batch.execute();
    }
}
