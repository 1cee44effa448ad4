package io.raftkv.client;

/**
 * A value is larger than allowed: either the client's {@code maxValueBytes} (checked before
 * anything is sent) or the server's {@code http.max-value-bytes} (413 {@code VALUE_TOO_LARGE}).
 * Nothing was written. Store smaller values, or split them over several keys.
 */
public final class ValueTooLargeException extends KvException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what happened and the limit
     */
    public ValueTooLargeException(String message) {
        super("VALUE_TOO_LARGE", message, null);
    }
}
