package io.raftkv.server.lincheck;

import java.util.Objects;

/**
 * A key-value operation for {@link KvModel}.
 *
 * @param value    the value a PUT sets, the suffix an APPEND adds, the new value of a CAS
 * @param expected the value a CAS requires, {@code null} meaning the key must be absent
 */
public record KvInput(Kind kind, String key, String value, String expected) {
    /** The operations of the key-value API. */
    public enum Kind { GET, PUT, APPEND, DELETE, CAS }

    public KvInput {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        if ((kind == Kind.PUT || kind == Kind.APPEND || kind == Kind.CAS) && value == null) {
            throw new IllegalArgumentException(kind + " needs a value");
        }
    }

    public static KvInput get(String key) {
        return new KvInput(Kind.GET, key, null, null);
    }

    public static KvInput put(String key, String value) {
        return new KvInput(Kind.PUT, key, value, null);
    }

    public static KvInput append(String key, String suffix) {
        return new KvInput(Kind.APPEND, key, suffix, null);
    }

    public static KvInput delete(String key) {
        return new KvInput(Kind.DELETE, key, null, null);
    }

    /** Sets {@code newValue} iff the current value equals {@code expected} ({@code null}: absent). */
    public static KvInput cas(String key, String expected, String newValue) {
        return new KvInput(Kind.CAS, key, newValue, expected);
    }
}
