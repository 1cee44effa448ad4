package io.raftkv.client;

import java.util.Objects;

/**
 * The result of a successful put.
 *
 * @param key the key written
 * @param created {@code true} if the key was created (201), {@code false} if replaced (200)
 * @param createRevision the key's create revision
 * @param modRevision the revision of this write (the key's new mod revision)
 * @param version the key's version after the write
 * @param replayed {@code true} if the server answered from its idempotency record: an earlier
 *     attempt of this same call had already applied it
 */
public record PutResult(String key, boolean created, long createRevision, long modRevision, long version,
                        boolean replayed) {

    /**
     * Validates the result.
     *
     * @param key the key, not null
     * @param created whether the key was created
     * @param createRevision the create revision
     * @param modRevision the mod revision
     * @param version the version
     * @param replayed whether the answer was replayed
     */
    public PutResult {
        Objects.requireNonNull(key, "key");
    }
}
