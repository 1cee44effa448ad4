package io.raftkv.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ErrorHandler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.raftkv.server.node.NodeException;
import jakarta.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place failures become responses: every exception a handler throws is answered as
 * {@code {"error":{"code","message",...}}} with the code's status; anything unexpected is a logged
 * 500 {@code INTERNAL} whose message reveals nothing of the server.
 */
final class ErrorMapper implements ErrorHandler<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    private final NodeHeaders nodeHeaders;

    ErrorMapper(NodeHeaders nodeHeaders) {
        this.nodeHeaders = nodeHeaders;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res, Throwable error) {
        ApiException api = translate(error);
        if (api.code() == ErrorCode.INTERNAL) {
            LOG.error("{} {} failed", req.prologue().method().text(), req.prologue().uriPath().rawPath(), error);
        }
        // The filter ran already unless the failure came before it; setting them again is harmless.
        nodeHeaders.set(res.headers());
        if (api.code().retryAfter()) {
            res.header(HeaderNames.RETRY_AFTER, "1");
        }
        JsonBodies.send(res, Status.create(api.code().status()), body(api.code(), api.getMessage(), api.details()));
    }

    /** What the client is told about {@code error}. */
    static ApiException translate(Throwable error) {
        Throwable cause = unwrap(error);
        return switch (cause) {
            case ApiException api -> api;
            case NodeException node -> fromNode(node);
            case HttpException http -> fromHelidon(http);
            default -> new ApiException(ErrorCode.INTERNAL, "internal error", cause);
        };
    }

    static JsonObject body(ErrorCode code, String message, JsonObject details) {
        return JsonBodies.JSON.createObjectBuilder()
                .add("error", JsonBodies.JSON.createObjectBuilder(details).add("code", code.name())
                        .add("message", Objects.requireNonNullElse(message, code.name())))
                .build();
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static ApiException fromNode(NodeException e) {
        ErrorCode code = switch (e.code()) {
            // Writes forward NOT_LEADER themselves; anywhere else it means this node cannot serve now.
            case NOT_LEADER, NO_LEADER -> ErrorCode.NO_LEADER;
            case OVERLOADED -> ErrorCode.OVERLOADED;
            case READ_TIMEOUT -> ErrorCode.READ_TIMEOUT;
            case OUTCOME_UNKNOWN -> ErrorCode.OUTCOME_UNKNOWN;
            case STOPPED -> ErrorCode.SHUTTING_DOWN;
            case INVALID_REQUEST -> ErrorCode.INVALID_REQUEST;
            case NOT_TRANSFERRED -> ErrorCode.NOT_TRANSFERRED;
            case CHANGE_IN_PROGRESS -> ErrorCode.MEMBERSHIP_CHANGE_IN_PROGRESS;
            case MEMBER_EXISTS -> ErrorCode.MEMBER_EXISTS;
            case MEMBER_NOT_FOUND -> ErrorCode.MEMBER_NOT_FOUND;
            case NOT_CAUGHT_UP -> ErrorCode.LEARNER_NOT_CAUGHT_UP;
            case QUORUM_AT_RISK -> ErrorCode.QUORUM_AT_RISK;
        };
        return new ApiException(code, e.getMessage(), e);
    }

    /** Helidon's own exceptions from routing, such as a request body that cannot be read. */
    private static ApiException fromHelidon(HttpException e) {
        ErrorCode code = switch (e.status().code()) {
            case 400 -> ErrorCode.INVALID_PARAMETER;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.VALUE_TOO_LARGE;
            default -> ErrorCode.INTERNAL;
        };
        return new ApiException(code, code == ErrorCode.INTERNAL ? "internal error" : e.getMessage(), e);
    }
}
