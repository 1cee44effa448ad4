package io.raftkv.server.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.raftkv.proto.kv.Command;
import io.raftkv.server.kv.Commands;

import java.util.Optional;

/**
 * The {@code Idempotency-Key} header: an opaque client-chosen id that makes a write exactly-once. The
 * state machine keeps the first execution's result under it and answers retries with that.
 */
final class IdempotencyKeys {
    static final HeaderName IDEMPOTENCY_KEY = HeaderNames.create("Idempotency-Key");
    static final HeaderName REPLAYED = HeaderNames.create("Idempotent-Replayed");
    /** Every replica stores each key for the idempotency window, so keys are kept short. */
    static final int MAX_LENGTH = 256;

    private IdempotencyKeys() {
    }

    /** {@code command} with the request's idempotency key, if it has one. */
    static Command apply(ServerRequest req, Command command) {
        Optional<String> key = req.headers().first(IDEMPOTENCY_KEY);
        if (key.isEmpty()) {
            return command;
        }
        String id = key.get().strip();
        if (id.isEmpty() || id.length() > MAX_LENGTH || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER,
                    "Idempotency-Key must be 1 to " + MAX_LENGTH + " visible ASCII characters");
        }
        return Commands.withRequestId(command, id);
    }
}
