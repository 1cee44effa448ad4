-- One raftkv node's tables. Flyway runs this with search_path set to the node's own schema
-- (PgSettings.schema), so no name here is qualified: each node of a cluster, or of several
-- clusters, gets its own copy on a shared server. The jOOQ definitions in PgSchema mirror it.
--
-- Single-row tables carry a `singleton` key that can only be true: an upsert on it replaces the row.
-- Readable with plain SQL, e.g.  SELECT encode(key, 'escape'), version FROM node_1.kv ORDER BY key;

-- Which cluster this schema belongs to, written at first start: a node pointed at another
-- cluster's schema refuses to start instead of mixing two logs.
CREATE TABLE cluster_meta (
    singleton    boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    cluster_name text    NOT NULL
);

-- The Raft log after the snapshot: contiguous indexes snapshot.index+1 .. last.
CREATE TABLE raft_log (
    index bigint   PRIMARY KEY,
    term  bigint   NOT NULL,
    type  smallint NOT NULL, -- 0 normal, 1 conf change
    data  bytea    NOT NULL
);

CREATE TABLE raft_hard_state (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    term      bigint  NOT NULL,
    voted_for text,            -- null: no vote in this term
    commit    bigint  NOT NULL
);

-- The newest snapshot: its place in the log, the membership then, and the state machine's image.
CREATE TABLE raft_snapshot (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    index     bigint  NOT NULL,
    term      bigint  NOT NULL,
    voters    text[]  NOT NULL,
    learners  text[]  NOT NULL,
    data      bytea   NOT NULL
);

-- The user's keys. bytea compares bytewise unsigned, a proper prefix first: ORDER BY key is the
-- order the StateStore contract asks for.
CREATE TABLE kv (
    key             bytea  PRIMARY KEY,
    value           bytea  NOT NULL,
    create_revision bigint NOT NULL,
    mod_revision    bigint NOT NULL,
    version         bigint NOT NULL,
    lease           bigint NOT NULL
);

-- The state machine's auxiliary records (idempotency records, the revision counter).
CREATE TABLE kv_records (
    key   bytea PRIMARY KEY,
    value bytea NOT NULL
);

-- The last log index whose effects kv and kv_records hold; written in the same transaction as they are.
CREATE TABLE kv_applied (
    singleton     boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    applied_index bigint  NOT NULL
);
