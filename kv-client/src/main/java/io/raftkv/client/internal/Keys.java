package io.raftkv.client.internal;

import java.nio.charset.StandardCharsets;

/** Percent-encodes keys for the path after {@code /api/v1/kv/}, as docs/api.md describes. */
final class Keys {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Keys() {
    }

    /**
     * Encodes a key: UTF-8, every byte except unreserved characters and {@code /} as {@code %XX}.
     * A key with a {@code .} or {@code ..} segment has its slashes sent as {@code %2F} (the same key
     * to the server), since HTTP clients remove dot segments from paths.
     *
     * @param key the key, 1 or more characters
     * @return the encoded path segment(s)
     */
    static String encode(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a key must not be null or empty");
        }
        if (key.equals(".") || key.equals("..")) {
            throw new IllegalArgumentException("the keys \".\" and \"..\" cannot be sent in a URL path; use another key");
        }
        boolean keepSlash = !hasDotSegment(key);
        StringBuilder sb = new StringBuilder(key.length() + 16);
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (isUnreserved(c) || (c == '/' && keepSlash)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return sb.toString();
    }

    private static boolean hasDotSegment(String key) {
        for (String segment : key.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
