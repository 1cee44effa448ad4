package io.raftkv.server.storage.postgres;

import io.raftkv.server.raft.PersistentState;
import io.raftkv.server.raft.message.ConfState;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.EntryType;
import io.raftkv.server.raft.message.HardState;
import io.raftkv.server.raft.message.Snapshot;
import io.raftkv.server.raft.message.SnapshotMeta;
import io.raftkv.server.storage.LogStore;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

import java.util.List;
import java.util.Set;

import static io.raftkv.server.storage.postgres.PgSchema.COMMIT;
import static io.raftkv.server.storage.postgres.PgSchema.DATA;
import static io.raftkv.server.storage.postgres.PgSchema.INDEX;
import static io.raftkv.server.storage.postgres.PgSchema.LEARNERS;
import static io.raftkv.server.storage.postgres.PgSchema.SINGLETON;
import static io.raftkv.server.storage.postgres.PgSchema.TERM;
import static io.raftkv.server.storage.postgres.PgSchema.TYPE;
import static io.raftkv.server.storage.postgres.PgSchema.VOTED_FOR;
import static io.raftkv.server.storage.postgres.PgSchema.VOTERS;

/**
 * The Raft log in PostgreSQL: {@code raft_log} holds one row per entry, {@code raft_hard_state}
 * and {@code raft_snapshot} one row each. A persist is one transaction whatever its size: the
 * entries go out as one JDBC batch, which the driver rewrites into multi-row INSERTs.
 */
final class PgLogStore implements LogStore {
    private final PgStorage storage;
    private final PgSchema schema;
    private boolean closed;

    PgLogStore(PgStorage storage, PgSchema schema) {
        this.storage = storage;
        this.schema = schema;
    }

    @Override
    public PersistentState load(long applied) {
        return storage.transaction(true, dsl -> {
            Snapshot snapshot = snapshot(dsl);
            if (applied < snapshot.index()) {
                throw new IllegalArgumentException("applied " + applied + " is below the stored snapshot at "
                        + snapshot.index() + ": install the snapshot into the state machine first");
            }
            List<Entry> entries = entries(dsl, snapshot.index() + 1, Long.MAX_VALUE);
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).index() != snapshot.index() + 1 + i) {
                    throw new IllegalStateException("the stored log in schema " + schema.name + " has a gap before "
                            + entries.get(i).index());
                }
            }
            return new PersistentState(hardState(dsl), snapshot, entries, applied);
        });
    }

    @Override
    public Snapshot snapshot() {
        return snapshot(storage.reads());
    }

    @Override
    public void persist(HardState hardState, Snapshot snapshot, List<Entry> entries) {
        LogStore.requireContiguous(entries);
        if (hardState == null && snapshot == null && entries.isEmpty()) {
            return;
        }
        storage.write(dsl -> {
            long snapshotIndex;
            if (snapshot != null) {
                dsl.deleteFrom(schema.raftLog).execute();
                writeSnapshot(dsl, snapshot);
                snapshotIndex = snapshot.index();
            } else {
                snapshotIndex = snapshotIndex(dsl);
            }
            if (!entries.isEmpty()) {
                long first = entries.getFirst().index();
                long last = lastIndex(dsl);
                if (first > last + 1) {
                    throw new IllegalArgumentException("entries from " + first + " would leave a gap after " + last);
                }
                dsl.deleteFrom(schema.raftLog).where(INDEX.ge(first)).execute();
                insert(dsl, entries.stream().filter(e -> e.index() > snapshotIndex).toList());
            }
            if (hardState != null) {
                writeHardState(dsl, hardState);
            }
            return null;
        });
    }

    /** Without waiting for the WAL flush: the next persist flushes it, and a crash keeps a prefix (PgStorage). */
    @Override
    public void persistCommit(HardState hardState) {
        storage.write(dsl -> writeHardState(dsl, hardState), false);
    }

    @Override
    public boolean compact(Snapshot snapshot) {
        return storage.write(dsl -> {
            if (snapshot.index() <= snapshotIndex(dsl)) {
                return false;
            }
            writeSnapshot(dsl, snapshot);
            dsl.deleteFrom(schema.raftLog).where(INDEX.le(snapshot.index())).execute();
            return true;
        });
    }

    @Override
    public List<Entry> entries(long from, long toInclusive) {
        return entries(storage.reads(), from, toInclusive);
    }

    @Override
    public long firstIndex() {
        return snapshotIndex(storage.reads()) + 1;
    }

    @Override
    public long lastIndex() {
        return lastIndex(storage.reads());
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            storage.storeClosed();
        }
    }


    private List<Entry> entries(DSLContext dsl, long from, long toInclusive) {
        return dsl.select(INDEX, TERM, TYPE, DATA).from(schema.raftLog)
                .where(INDEX.between(from, toInclusive))
                .orderBy(INDEX)
                .fetch(r -> new Entry(r.value1(), r.value2(), entryType(r.value3()), r.value4()));
    }

    private void insert(DSLContext dsl, List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        BatchBindStep batch = dsl.batch(dsl.insertInto(schema.raftLog, INDEX, TERM, TYPE, DATA)
                .values((Long) null, null, null, null));
        for (Entry e : entries) {
            batch.bind(e.index(), e.term(), typeCode(e.type()), e.data());
        }
        batch.execute();
    }

    /** One statement, so a concurrent compaction cannot show an index that is neither old nor new. */
    private long lastIndex(DSLContext dsl) {
        return dsl.select(DSL.coalesce(
                        DSL.field(DSL.select(DSL.max(INDEX)).from(schema.raftLog)),
                        DSL.field(DSL.select(INDEX).from(schema.raftSnapshot)),
                        DSL.inline(0L)))
                .fetchSingle().value1();
    }

    private long snapshotIndex(DSLContext dsl) {
        Long index = dsl.select(INDEX).from(schema.raftSnapshot).fetchOne(INDEX);
        return index == null ? 0 : index;
    }

    private Snapshot snapshot(DSLContext dsl) {
        Record r = dsl.select(INDEX, TERM, VOTERS, LEARNERS, DATA).from(schema.raftSnapshot).fetchOne();
        if (r == null) {
            return NO_SNAPSHOT;
        }
        ConfState conf = new ConfState(Set.of(r.get(VOTERS)), Set.of(r.get(LEARNERS)));
        return new Snapshot(new SnapshotMeta(r.get(INDEX), r.get(TERM), conf), r.get(DATA));
    }

    private void writeSnapshot(DSLContext dsl, Snapshot snapshot) {
        String[] voters = snapshot.meta().conf().voters().toArray(String[]::new);
        String[] learners = snapshot.meta().conf().learners().toArray(String[]::new);
        byte[] data = snapshot.data() == null ? new byte[0] : snapshot.data();
        dsl.insertInto(schema.raftSnapshot, INDEX, TERM, VOTERS, LEARNERS, DATA)
                .values(snapshot.index(), snapshot.term(), voters, learners, data)
                .onConflict(SINGLETON).doUpdate()
                .set(INDEX, DSL.excluded(INDEX))
                .set(TERM, DSL.excluded(TERM))
                .set(VOTERS, DSL.excluded(VOTERS))
                .set(LEARNERS, DSL.excluded(LEARNERS))
                .set(DATA, DSL.excluded(DATA))
                .execute();
    }

    private HardState hardState(DSLContext dsl) {
        Record r = dsl.select(TERM, VOTED_FOR, COMMIT).from(schema.raftHardState).fetchOne();
        return r == null ? HardState.INITIAL : new HardState(r.get(TERM), r.get(VOTED_FOR), r.get(COMMIT));
    }

    private void writeHardState(DSLContext dsl, HardState hs) {
        dsl.insertInto(schema.raftHardState, TERM, VOTED_FOR, COMMIT)
                .values(hs.term(), hs.votedFor(), hs.commit())
                .onConflict(SINGLETON).doUpdate()
                .set(TERM, DSL.excluded(TERM))
                .set(VOTED_FOR, DSL.excluded(VOTED_FOR))
                .set(COMMIT, DSL.excluded(COMMIT))
                .execute();
    }

    /** Explicit codes rather than ordinals, so reordering the enum cannot change stored data's meaning. */
    private static short typeCode(EntryType type) {
        return switch (type) {
            case NORMAL -> 0;
            case CONF_CHANGE -> 1;
        };
    }

    private static EntryType entryType(short code) {
        return switch (code) {
            case 0 -> EntryType.NORMAL;
            case 1 -> EntryType.CONF_CHANGE;
            default -> throw new IllegalStateException("stored log entry has unknown type code " + code);
        };
    }
}
