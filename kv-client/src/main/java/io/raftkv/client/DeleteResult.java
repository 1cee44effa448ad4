package io.raftkv.client;

import java.util.Objects;

/**
 * The result of a delete.
 *
 * @param key the key
 * @param deleted {@code true} if the key existed and was deleted; {@code false} if it did not exist
 * @param revision the store revision of the delete; 0 when nothing was deleted
 * @param replayed {@code true} if the server answered from its idempotency record
 */
public record DeleteResult(String key, boolean deleted, long revision, boolean replayed) {

    /**
     * Validates the result.
     *
     * @param key the key, not null
     * @param deleted whether a key was deleted
     * @param revision the revision of the delete
     * @param replayed whether the answer was replayed
     */
    public DeleteResult {
        Objects.requireNonNull(key, "key");
    }
}
