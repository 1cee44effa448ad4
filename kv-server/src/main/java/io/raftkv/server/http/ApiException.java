package io.raftkv.server.http;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * A request the API answers with an error; {@link ErrorMapper} writes it as
 * {@code {"error":{"code","message",...details}}}.
 */
final class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final JsonObject details;

    ApiException(ErrorCode code, String message) {
        this(code, message, JsonValue.EMPTY_JSON_OBJECT, null);
    }

    ApiException(ErrorCode code, String message, Throwable cause) {
        this(code, message, JsonValue.EMPTY_JSON_OBJECT, cause);
    }

    /** @param details more members of the "error" object, e.g. {@code currentModRevision} */
    ApiException(ErrorCode code, String message, JsonObject details, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.details = details;
    }

    ErrorCode code() {
        return code;
    }

    JsonObject details() {
        return details;
    }
}
