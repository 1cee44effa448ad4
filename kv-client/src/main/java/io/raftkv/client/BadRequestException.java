package io.raftkv.client;

/**
 * The server refused the request as malformed (400, e.g. {@code INVALID_KEY} or
 * {@code INVALID_PARAMETER}); {@link #code()} says which. Retrying will not help: fix the key
 * or the arguments.
 */
public final class BadRequestException extends KvException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param code the server's error code
     * @param message the server's message and what to do
     */
    public BadRequestException(String code, String message) {
        super(code, message, null);
    }
}
