package io.raftkv.server.storage;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One auxiliary record of the state machine (idempotency records, the revision counter), kept in
 * a keyspace separate from the user's keys. Arrays are copied in and out; equality is by content.
 *
 * @param key   non-empty
 * @param value possibly empty
 */
public record StoredRecord(byte[] key, byte[] value) {
    public StoredRecord {
        key = StoredValue.requireKey(key);
        value = Objects.requireNonNull(value, "value").clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    /** The bytes of key and value together, without copying them. */
    public int size() {
        return key.length + value.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredRecord r && Arrays.equals(key, r.key) && Arrays.equals(value, r.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "StoredRecord[key=" + HexFormat.of().formatHex(key) + ", " + value.length + " B]";
    }
}
