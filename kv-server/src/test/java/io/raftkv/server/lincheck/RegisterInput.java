package io.raftkv.server.lincheck;

import java.util.Objects;

/**
 * An operation on a single integer register, for {@link RegisterModel}.
 *
 * @param value    the value a WRITE stores, or the new value of a CAS
 * @param expected the value a CAS requires
 */
public record RegisterInput(Kind kind, Integer value, Integer expected) {
    /** The register's operations. */
    public enum Kind { READ, WRITE, CAS }

    public RegisterInput {
        Objects.requireNonNull(kind, "kind");
        if (kind != Kind.READ && value == null) {
            throw new IllegalArgumentException(kind + " needs a value");
        }
        if (kind == Kind.CAS && expected == null) {
            throw new IllegalArgumentException("CAS needs an expected value");
        }
    }

    public static RegisterInput read() {
        return new RegisterInput(Kind.READ, null, null);
    }

    public static RegisterInput write(int value) {
        return new RegisterInput(Kind.WRITE, value, null);
    }

    public static RegisterInput cas(int expected, int newValue) {
        return new RegisterInput(Kind.CAS, newValue, expected);
    }
}
