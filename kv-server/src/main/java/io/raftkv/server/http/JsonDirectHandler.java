package io.raftkv.server.http;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import jakarta.json.JsonValue;

import java.util.Objects;

/**
 * Helidon answers some requests before routing: a malformed request line (an invalid %-escape in the
 * path or query), a body over the listener's payload limit, too many concurrent requests. This
 * handler gives those the API's JSON error form and node headers too. Helidon's status is kept (it
 * can be 414 or 505 as well as 400); Helidon's message is not echoed, as it may quote the request.
 */
final class JsonDirectHandler implements DirectHandler {
    private final NodeHeaders nodeHeaders;

    private JsonDirectHandler(NodeHeaders nodeHeaders) {
        this.nodeHeaders = nodeHeaders;
    }

    /** This handler for every kind of event. */
    static DirectHandlers forAllEvents(NodeHeaders nodeHeaders) {
        DirectHandler handler = new JsonDirectHandler(nodeHeaders);
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, String message) {
        ErrorCode code = code(request, status);
        nodeHeaders.set(headers);
        headers.contentType(MediaTypes.APPLICATION_JSON);
        if (code.retryAfter()) {
            headers.set(HeaderNames.RETRY_AFTER, "1");
        }
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .entity(JsonBodies.bytes(ErrorMapper.body(code, message(code, status), JsonValue.EMPTY_JSON_OBJECT)))
                .build();
    }

    private static ErrorCode code(TransportRequest request, Status status) {
        int code = status.code();
        if (code == Status.REQUEST_ENTITY_TOO_LARGE_413.code()) {
            return ErrorCode.VALUE_TOO_LARGE;
        }
        if (code == Status.SERVICE_UNAVAILABLE_503.code()) {
            return ErrorCode.OVERLOADED;
        }
        // HTTP/1.0 is refused with 505, but it is the client's request that is wrong
        if (code >= 400 && code < 500 || code == Status.HTTP_VERSION_NOT_SUPPORTED_505.code()) {
            String path = Objects.requireNonNullElse(request.path(), "");
            return path.startsWith(Keys.PATH_PREFIX) && !isWellFormedKey(path)
                    ? ErrorCode.INVALID_KEY : ErrorCode.INVALID_PARAMETER;
        }
        return ErrorCode.INTERNAL;
    }

    private static boolean isWellFormedKey(String rawPath) {
        try {
            Keys.fromRawPath(rawPath);
            return true;
        } catch (ApiException e) {
            return false;
        }
    }

    private static String message(ErrorCode code, Status status) {
        if (status.code() == Status.REQUEST_URI_TOO_LONG_414.code()) {
            return "the request line is longer than " + HttpApi.MAX_REQUEST_LINE_BYTES + " bytes";
        }
        if (status.code() == Status.HTTP_VERSION_NOT_SUPPORTED_505.code()) {
            return "only HTTP/1.1 is supported";
        }
        return switch (code) {
            case VALUE_TOO_LARGE -> "the request body is larger than the value limit";
            case OVERLOADED -> "too many concurrent requests";
            case INVALID_KEY -> "invalid key: check its percent-encoding (UTF-8) and length (at most "
                    + Keys.MAX_KEY_BYTES + " bytes)";
            case INVALID_PARAMETER -> "malformed request: check the query string's percent-encoding and the headers";
            default -> "internal error";
        };
    }
}
