package io.raftkv.server.storage;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One key of the state machine, with its value and etcd-style metadata. The arrays are copied in
 * and out, so an instance never changes; equality is by content.
 *
 * @param key            the key, non-empty
 * @param value          the value, possibly empty (and empty in a keys-only range)
 * @param createRevision the revision that created this key (since its last deletion)
 * @param modRevision    the revision that last wrote it
 * @param version        how many times it was written since its creation (1 after the create)
 * @param lease          the lease it is attached to, 0 for none
 */
public record StoredValue(byte[] key, byte[] value, long createRevision, long modRevision, long version, long lease) {
    public StoredValue {
        key = requireKey(key);
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

    /** This value without its bytes, as a keys-only range returns it. */
    public StoredValue withoutValue() {
        return new StoredValue(key, new byte[0], createRevision, modRevision, version, lease);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredValue v && Arrays.equals(key, v.key) && Arrays.equals(value, v.value)
                && createRevision == v.createRevision && modRevision == v.modRevision && version == v.version
                && lease == v.lease;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key) * 31 + Long.hashCode(modRevision);
    }

    @Override
    public String toString() {
        return "StoredValue[key=" + HexFormat.of().formatHex(key) + ", " + value.length + " B, create="
                + createRevision + ", mod=" + modRevision + ", version=" + version + ", lease=" + lease + "]";
    }

    /** A defensive copy of a key, refusing null and empty ones. */
    static byte[] requireKey(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length == 0) {
            throw new IllegalArgumentException("a key must not be empty");
        }
        return key.clone();
    }
}
