package io.raftkv.server.kv;

import io.raftkv.server.storage.StoredValue;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One key as a read returns it, with etcd-style metadata. Arrays are copied in and out, so an
 * instance never changes; equality is by content.
 *
 * @param key            the key, non-empty
 * @param value          the value (empty in a keys-only listing)
 * @param createRevision the store revision at which the key was (last) created
 * @param modRevision    the store revision of its latest change
 * @param version        writes since its creation, 1 after the create
 */
public record KeyValue(byte[] key, byte[] value, long createRevision, long modRevision, long version) {
    public KeyValue {
        key = Objects.requireNonNull(key, "key").clone();
        value = Objects.requireNonNull(value, "value").clone();
    }

    static KeyValue of(StoredValue stored) {
        return new KeyValue(stored.key(), stored.value(), stored.createRevision(), stored.modRevision(), stored.version());
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyValue kv && Arrays.equals(key, kv.key) && Arrays.equals(value, kv.value)
                && createRevision == kv.createRevision && modRevision == kv.modRevision && version == kv.version;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key) * 31 + Long.hashCode(modRevision);
    }

    @Override
    public String toString() {
        return "KeyValue[key=" + HexFormat.of().formatHex(key) + ", " + value.length + " B, create=" + createRevision
                + ", mod=" + modRevision + ", version=" + version + "]";
    }
}
