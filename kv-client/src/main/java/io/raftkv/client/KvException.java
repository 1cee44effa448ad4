package io.raftkv.client;

/**
 * The root of every error the SDK throws. Unchecked: catch the subclass you can act on.
 *
 * <p>{@link #code()} is the server's error code (e.g. {@code INTERNAL}) when the server sent one,
 * else {@code null}. Branch on the type or the code, never on the message.
 */
public class KvException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The server's error code, or {@code null}. */
    private final String code;

    /**
     * Creates an exception.
     *
     * @param code the server's error code, or {@code null}
     * @param message what happened and what to do
     * @param cause the underlying failure, or {@code null}
     */
    public KvException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /**
     * Returns the server's error code.
     *
     * @return the code from the error JSON (e.g. {@code INTERNAL}), or {@code null} if none was sent
     */
    public String code() {
        return code;
    }
}
