package io.raftkv.server.storage.postgres;

import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The tables of {@code db/migration/postgres/V1__raft_and_kv.sql} as jOOQ sees them, in one node's
 * schema. Written by hand rather than generated: seven small tables do not justify a code
 * generator in the build, and keeping them beside the migration makes a drift easy to spot.
 * Column fields are unqualified, so each query names its table once, qualified by the schema.
 */
final class PgSchema {
    /** The key of every single-row table; only {@code true} is allowed. */
    static final Field<Boolean> SINGLETON = field("singleton", SQLDataType.BOOLEAN);

    static final Field<String> CLUSTER_NAME = field("cluster_name", SQLDataType.CLOB);

    static final Field<Long> INDEX = field("index", SQLDataType.BIGINT);
    static final Field<Long> TERM = field("term", SQLDataType.BIGINT);
    static final Field<Short> TYPE = field("type", SQLDataType.SMALLINT);
    static final Field<byte[]> DATA = field("data", SQLDataType.BLOB);

    static final Field<String> VOTED_FOR = field("voted_for", SQLDataType.CLOB);
    static final Field<Long> COMMIT = field("commit", SQLDataType.BIGINT);

    static final Field<String[]> VOTERS = field("voters", SQLDataType.CLOB.array());
    static final Field<String[]> LEARNERS = field("learners", SQLDataType.CLOB.array());

    static final Field<byte[]> KEY = field("key", SQLDataType.BLOB);
    static final Field<byte[]> VALUE = field("value", SQLDataType.BLOB);
    static final Field<Long> CREATE_REVISION = field("create_revision", SQLDataType.BIGINT);
    static final Field<Long> MOD_REVISION = field("mod_revision", SQLDataType.BIGINT);
    static final Field<Long> VERSION = field("version", SQLDataType.BIGINT);
    static final Field<Long> LEASE = field("lease", SQLDataType.BIGINT);

    static final Field<Long> APPLIED_INDEX = field("applied_index", SQLDataType.BIGINT);

    final String name;
    final Table<Record> clusterMeta;
    final Table<Record> raftLog;
    final Table<Record> raftHardState;
    final Table<Record> raftSnapshot;
    final Table<Record> kv;
    final Table<Record> kvRecords;
    final Table<Record> kvApplied;

    PgSchema(String name) {
        this.name = name;
        clusterMeta = table("cluster_meta");
        raftLog = table("raft_log");
        raftHardState = table("raft_hard_state");
        raftSnapshot = table("raft_snapshot");
        kv = table("kv");
        kvRecords = table("kv_records");
        kvApplied = table("kv_applied");
    }

    private Table<Record> table(String table) {
        return DSL.table(DSL.name(name, table));
    }

    /** {@code column} qualified by {@code table}, for a statement that names two rows (an upsert's WHERE). */
    static <T> Field<T> of(Table<?> table, Field<T> column) {
        return DSL.field(table.getQualifiedName().append(column.getUnqualifiedName()), column.getDataType());
    }

    private static <T> Field<T> field(String column, DataType<T> type) {
        return DSL.field(DSL.name(column), type);
    }
}
