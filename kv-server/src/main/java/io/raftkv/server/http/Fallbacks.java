package io.raftkv.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The answers for requests no endpoint takes: 404 for unknown paths, 405 for other methods on known ones. */
final class Fallbacks {
    private Fallbacks() {
    }

    static Handler notFound() {
        return (req, res) -> {
            throw new ApiException(ErrorCode.NOT_FOUND, "no such resource; the endpoints are listed in docs/api.md");
        };
    }

    /** For a known path: names the methods it takes, in the message and in {@code Allow}. */
    static Handler methodNotAllowed(Method... allowed) {
        String allow = Arrays.stream(allowed).map(Method::text).collect(Collectors.joining(", "));
        return (req, res) -> {
            res.header(HeaderNames.ALLOW, allow);
            throw new ApiException(ErrorCode.METHOD_NOT_ALLOWED,
                    req.prologue().method().text() + " is not allowed here; use " + allow);
        };
    }
}
