package io.raftkv.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A key and its value with revisions, as read from the store. Immutable: the value is copied
 * in and out.
 *
 * @param key the key
 * @param value the value's bytes (empty in a keys-only listing)
 * @param createRevision the store revision at which the key was last created
 * @param modRevision the store revision of the key's latest change
 * @param version the number of writes since creation (1 after the create)
 */
public record KvEntry(String key, byte[] value, long createRevision, long modRevision, long version) {

    /**
     * Validates and copies the value.
     *
     * @param key the key, not null
     * @param value the value, not null; copied
     * @param createRevision the create revision
     * @param modRevision the mod revision
     * @param version the version
     */
    public KvEntry {
        Objects.requireNonNull(key, "key");
        value = Objects.requireNonNull(value, "value").clone();
    }

    /**
     * Returns a copy of the value.
     *
     * @return the value's bytes
     */
    @Override
    public byte[] value() {
        return value.clone();
    }

    /**
     * Returns the value decoded as UTF-8.
     *
     * @return the value as a string
     */
    public String valueAsString() {
        return new String(value, StandardCharsets.UTF_8);
    }

    /**
     * Returns the value decoded by a codec.
     *
     * @param codec the codec, e.g. one over Jackson
     * @param <T> the decoded type
     * @return the decoded value
     */
    public <T> T value(KvCodec<T> codec) {
        return codec.decode(value.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KvEntry e && key.equals(e.key) && Arrays.equals(value, e.value)
                && createRevision == e.createRevision && modRevision == e.modRevision && version == e.version;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, Arrays.hashCode(value), createRevision, modRevision, version);
    }

    @Override
    public String toString() {
        return "KvEntry[key=" + key + ", value=" + value.length + " bytes, createRevision=" + createRevision
                + ", modRevision=" + modRevision + ", version=" + version + "]";
    }
}
