package io.raftkv.server.kv;

/** Entry data that is not a valid {@link io.raftkv.proto.kv.Command}: undecodable, no operation, an empty key. */
public final class MalformedCommandException extends Exception {
    public MalformedCommandException(String message) {
        super(message);
    }

    public MalformedCommandException(String message, Throwable cause) {
        super(message, cause);
    }
}
