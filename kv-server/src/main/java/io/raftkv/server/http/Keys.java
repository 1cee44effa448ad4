package io.raftkv.server.http;

import java.nio.charset.StandardCharsets;

/**
 * Keys as the API sees them: the raw path after {@value #PATH_PREFIX}, percent-decoded strictly as
 * UTF-8 (so a key may contain {@code /}, written as is or as {@code %2F}), 1 to {@value #MAX_KEY_BYTES}
 * bytes. As every key is valid UTF-8, JSON carries keys as strings.
 */
final class Keys {
    /** The path every key lives under. */
    static final String PATH_PREFIX = "/api/v1/kv/";
    /** The longest key, in bytes after decoding. */
    static final int MAX_KEY_BYTES = 4096;

    private Keys() {
    }

    /**
     * The key a raw request path (as received, before any decoding) addresses.
     *
     * @throws ApiException NOT_FOUND if the raw path is not under {@value #PATH_PREFIX} (a path that only
     *                      normalizes to one, like {@code /api/v1/x/../kv/k}, addresses no key);
     *                      INVALID_KEY if the key is malformed, empty or too long
     */
    static byte[] fromRawPath(String rawPath) {
        if (!rawPath.startsWith(PATH_PREFIX)) {
            throw new ApiException(ErrorCode.NOT_FOUND, "no such resource; keys live under " + PATH_PREFIX);
        }
        String decoded;
        try {
            decoded = PercentDecoding.decode(rawPath.substring(PATH_PREFIX.length()), false);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.INVALID_KEY, "invalid key: " + e.getMessage(), e);
        }
        byte[] key = decoded.getBytes(StandardCharsets.UTF_8);
        if (key.length == 0) {
            throw new ApiException(ErrorCode.INVALID_KEY, "the key is empty: use " + PATH_PREFIX + "{key}");
        }
        if (key.length > MAX_KEY_BYTES) {
            throw new ApiException(ErrorCode.INVALID_KEY,
                    "the key is " + key.length + " bytes; at most " + MAX_KEY_BYTES + " are allowed");
        }
        return key;
    }

    /** A stored key as JSON text; keys are UTF-8 by construction (see {@link #fromRawPath}). */
    static String text(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }
}
