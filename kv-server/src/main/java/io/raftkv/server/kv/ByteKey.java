package io.raftkv.server.kv;

import java.util.Arrays;
import java.util.HexFormat;

/** A byte-array key for maps: equality by content, order unsigned-lexicographic like the StateStore's. */
record ByteKey(byte[] bytes) implements Comparable<ByteKey> {
    static ByteKey of(byte[] bytes) {
        return new ByteKey(bytes.clone());
    }

    boolean startsWith(byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Override
    public int compareTo(ByteKey o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
