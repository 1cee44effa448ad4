package io.raftkv.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import io.raftkv.proto.kv.CommandResult;
import io.raftkv.proto.kv.KeyMeta;
import io.raftkv.server.kv.AppliedCommand;

/** Answers a write from what applying it did. */
final class WriteOutcomes {
    private WriteOutcomes() {
    }

    /** 201 created, 200 replaced, or 412. */
    static void put(ServerResponse res, byte[] key, AppliedCommand applied) {
        CommandResult result = accepted(res, applied);
        switch (result.getOutcomeCase()) {
            case CREATED -> written(res, Status.CREATED_201, key, result.getCreated());
            case REPLACED -> written(res, Status.OK_200, key, result.getReplaced());
            case PRECONDITION_FAILED -> throw preconditionFailed(result);
            default -> throw reusedIdempotencyKey();
        }
    }

    /** 200 deleted, 404 when there was no such key, or 412. */
    static void delete(ServerResponse res, AppliedCommand applied) {
        CommandResult result = accepted(res, applied);
        switch (result.getOutcomeCase()) {
            case DELETED -> JsonBodies.send(res, Status.OK_200, KvJson.deleted(result.getRevision()));
            case NO_SUCH_KEY -> throw new ApiException(ErrorCode.KEY_NOT_FOUND, "no such key");
            case PRECONDITION_FAILED -> throw preconditionFailed(result);
            default -> throw reusedIdempotencyKey();
        }
    }

    /** The result of a command that applied, marking a replayed one (errors included) as such. */
    private static CommandResult accepted(ServerResponse res, AppliedCommand applied) {
        if (applied.rejected()) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "the command was rejected: " + applied.error());
        }
        if (applied.replayed()) {
            res.header(IdempotencyKeys.REPLAYED, "true");
        }
        return applied.result();
    }

    private static void written(ServerResponse res, Status status, byte[] key, KeyMeta meta) {
        res.header(HeaderNames.ETAG, "\"" + meta.getModRevision() + "\"");
        JsonBodies.send(res, status, KvJson.written(key, meta));
    }

    private static ApiException preconditionFailed(CommandResult result) {
        long currentModRevision = result.getPreconditionFailed().getCurrentModRevision();
        String state = currentModRevision == 0 ? "the key does not exist" : "its mod revision is " + currentModRevision;
        return new ApiException(ErrorCode.PRECONDITION_FAILED, "the precondition failed: " + state,
                JsonBodies.JSON.createObjectBuilder().add("currentModRevision", currentModRevision).build(), null);
    }

    /** A replay whose stored result is of the other operation: the key was first used for another request. */
    private static ApiException reusedIdempotencyKey() {
        return new ApiException(ErrorCode.INVALID_PARAMETER,
                "this Idempotency-Key was first used for a different kind of request; use a new key per request");
    }
}
