package io.raftkv.server.storage;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** One change to a {@link StateStore}, applied with others in one transaction. */
public sealed interface Mutation {
    /** Roughly how many bytes of keys and values this change holds, to bound what is kept in memory. */
    int size();

    /** Stores {@code value} under its key, replacing any value there. */
    record Put(StoredValue value) implements Mutation {
        public Put {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public int size() {
            return value.size();
        }
    }

    /** Removes the key and its value; nothing happens if it is absent. */
    record Delete(byte[] key) implements Mutation {
        public Delete {
            key = StoredValue.requireKey(key);
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        @Override
        public int size() {
            return key.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Delete d && Arrays.equals(key, d.key);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(key);
        }

        @Override
        public String toString() {
            return "Delete[" + HexFormat.of().formatHex(key) + "]";
        }
    }

    /** Stores an auxiliary record, replacing any under the same key; keys never clash with {@link Put}'s. */
    record PutRecord(StoredRecord record) implements Mutation {
        public PutRecord {
            Objects.requireNonNull(record, "record");
        }

        public PutRecord(byte[] key, byte[] value) {
            this(new StoredRecord(key, value));
        }

        @Override
        public int size() {
            return record.size();
        }
    }

    /** Removes an auxiliary record; nothing happens if it is absent. */
    record DeleteRecord(byte[] key) implements Mutation {
        public DeleteRecord {
            key = StoredValue.requireKey(key);
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        @Override
        public int size() {
            return key.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DeleteRecord d && Arrays.equals(key, d.key);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(key);
        }

        @Override
        public String toString() {
            return "DeleteRecord[" + HexFormat.of().formatHex(key) + "]";
        }
    }
}
