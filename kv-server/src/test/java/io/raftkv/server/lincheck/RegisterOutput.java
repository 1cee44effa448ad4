package io.raftkv.server.lincheck;

/**
 * The result of a {@link RegisterInput}.
 *
 * @param succeeded false only for a CAS whose expected value did not match (it had no effect)
 * @param value     what a READ returned, {@code null} when the register had no value
 */
public record RegisterOutput(boolean succeeded, Integer value) {
    private static final RegisterOutput OK = new RegisterOutput(true, null);
    private static final RegisterOutput FAILED = new RegisterOutput(false, null);

    /** A READ's result; {@code null} when the register had no value. */
    public static RegisterOutput value(Integer v) {
        return v == null ? OK : new RegisterOutput(true, v);
    }

    /** A WRITE, or a CAS that succeeded. */
    public static RegisterOutput ok() {
        return OK;
    }

    /** A CAS whose expected value did not match: it had no effect. */
    public static RegisterOutput failed() {
        return FAILED;
    }
}
