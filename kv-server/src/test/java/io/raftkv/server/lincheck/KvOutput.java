package io.raftkv.server.lincheck;

/**
 * The result of a {@link KvInput}.
 *
 * @param succeeded false only for a CAS whose precondition did not hold (it had no effect)
 * @param value     what a GET returned, {@code null} when the key was absent
 */
public record KvOutput(boolean succeeded, String value) {
    private static final KvOutput OK = new KvOutput(true, null);
    private static final KvOutput FAILED = new KvOutput(false, null);

    /** A GET's result; {@code null} when the key was absent. */
    public static KvOutput value(String v) {
        return v == null ? OK : new KvOutput(true, v);
    }

    /** A PUT, APPEND or DELETE that took effect, or a CAS that succeeded. */
    public static KvOutput ok() {
        return OK;
    }

    /** A CAS whose precondition did not hold: it had no effect. */
    public static KvOutput failed() {
        return FAILED;
    }
}
