package io.raftkv.client.internal;

import io.raftkv.client.BadRequestException;
import io.raftkv.client.KvException;
import io.raftkv.client.PreconditionFailedException;
import io.raftkv.client.ValueTooLargeException;
import io.raftkv.client.internal.AttemptFailure.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import okhttp3.Headers;

/** Maps error answers and network failures to {@link AttemptFailure}s (docs/api.md, "Error codes"). */
final class Errors {
    private Errors() {
    }

    /** The error JSON's code and message, and its currentModRevision (-1 if absent). */
    record ErrorBody(String code, String message, long currentModRevision) {
        static ErrorBody parse(int status, byte[] body) {
            String text = new String(body, StandardCharsets.UTF_8);
            try {
                Map<String, Object> error = JsonFields.objectField(Json.object(text), "error");
                if (error != null) {
                    return new ErrorBody(JsonFields.stringField(error, "code"), JsonFields.stringField(error, "message"),
                            JsonFields.longField(error, "currentModRevision", -1));
                }
            } catch (IllegalArgumentException notJson) {
                // not raftkv's error JSON (a proxy's page, say): report the status and the text
            }
            return new ErrorBody(null, "HTTP " + status + (text.isBlank() ? "" : ": " + abbreviate(text)), -1);
        }
    }

    /**
     * Classifies an error answer.
     *
     * @param endpoint the node that answered
     * @param status its status
     * @param headers its headers
     * @param body its body
     * @return the failure, never null
     */
    static AttemptFailure answer(String endpoint, int status, Headers headers, byte[] body) {
        ErrorBody e = ErrorBody.parse(status, body);
        String says = endpoint + " answered " + status + (e.code() == null ? "" : " " + e.code()) + ": " + e.message();
        if ("NOT_LEADER".equals(e.code())) {
            return retry(Kind.NOT_APPLIED, endpoint, e, headers, says);
        }
        return switch (status) {
            case 400 -> definite(endpoint, e, new BadRequestException(e.code(), says
                    + ". Fix the key or the arguments; retrying will not help."));
            case 412 -> definite(endpoint, e, new PreconditionFailedException(says
                    + ". Nothing changed; read the key and decide again.", Math.max(0, e.currentModRevision())));
            case 413 -> definite(endpoint, e, new ValueTooLargeException(says
                    + ". Nothing was written; store a smaller value."));
            case 421, 503 -> retry(Kind.NOT_APPLIED, endpoint, e, headers, says);
            case 404 -> definite(endpoint, e, new KvException(e.code(), says + ("NOT_FOUND".equals(e.code())
                    ? ". Check that the endpoint is a raftkv server speaking API v1." : ""), null));
            case 500 -> definite(endpoint, e, new KvException(e.code(), says
                    + ". This is a server bug; a write may or may not have applied, so read the key to find out.", null));
            default -> status >= 500
                    ? retry(Kind.UNKNOWN, endpoint, e, headers, says)
                    : definite(endpoint, e, new KvException(e.code(), says, null));
        };
    }

    /**
     * Classifies a failure without an answer. Failing to connect means nothing was sent; anything
     * else (a read timeout, a reset) may have happened after the request left.
     *
     * @param endpoint the node
     * @param failure the exception OkHttp reported
     * @return the failure
     */
    static AttemptFailure network(String endpoint, Throwable failure) {
        boolean notSent = failure instanceof ConnectException || failure instanceof UnknownHostException
                || failure instanceof NoRouteToHostException
                || (failure instanceof SocketTimeoutException && String.valueOf(failure.getMessage())
                        .toLowerCase(Locale.ROOT).contains("connect"));
        Throwable cause = failure instanceof IOException ? failure : new IOException(failure.toString(), failure);
        return new AttemptFailure(notSent ? Kind.NOT_APPLIED : Kind.UNKNOWN, endpoint, null, Duration.ZERO, cause);
    }

    private static AttemptFailure definite(String endpoint, ErrorBody e, KvException exception) {
        return new AttemptFailure(Kind.DEFINITE, endpoint, e.code(), Duration.ZERO, exception);
    }

    private static AttemptFailure retry(Kind kind, String endpoint, ErrorBody e, Headers headers, String says) {
        Kind k = "OUTCOME_UNKNOWN".equals(e.code()) ? Kind.UNKNOWN : kind;
        return new AttemptFailure(k, endpoint, e.code(), retryAfter(headers), new KvException(e.code(), says, null));
    }

    private static Duration retryAfter(Headers headers) {
        String value = headers.get("Retry-After");
        if (value != null && value.trim().matches("\\d{1,6}")) {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        }
        return Duration.ZERO;
    }

    private static String abbreviate(String text) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }
}
