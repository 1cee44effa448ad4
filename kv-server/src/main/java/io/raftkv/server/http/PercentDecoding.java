package io.raftkv.server.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict percent-decoding of URI components into UTF-8 text. Lenient decoders (Helidon's included)
 * turn a malformed escape or byte sequence into U+FFFD, which would make two different requests
 * address the same key; here either is an error instead.
 */
final class PercentDecoding {
    private PercentDecoding() {
    }

    /**
     * Decodes {@code raw}: {@code %XX} escapes become bytes, ASCII characters stand for themselves, and
     * the bytes must be well-formed UTF-8.
     *
     * @param plusIsSpace whether {@code +} means a space, as in query strings (form encoding); in a path
     *                    it is literal
     * @throws IllegalArgumentException naming the first problem: a truncated or non-hex escape, a
     *                                  character that must be escaped, or malformed UTF-8
     */
    static String decode(String raw, boolean plusIsSpace) {
        return utf8(bytes(raw, plusIsSpace));
    }

    private static byte[] bytes(String raw, boolean plusIsSpace) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new IllegalArgumentException("truncated %-escape at index " + i);
                }
                out.write(hexByte(raw, i));
                i += 2;
            } else if (c > 0x20 && c < 0x7f) {
                out.write(plusIsSpace && c == '+' ? ' ' : c);
            } else {
                throw new IllegalArgumentException("character " + String.format("U+%04X", (int) c) + " at index " + i
                        + " must be %-encoded");
            }
        }
        return out.toByteArray();
    }

    private static int hexByte(String raw, int percentAt) {
        int high = Character.digit(raw.charAt(percentAt + 1), 16);
        int low = Character.digit(raw.charAt(percentAt + 2), 16);
        // Character.digit also accepts non-ASCII digits (e.g. fullwidth ones), which are no hex digits here.
        if (high < 0 || low < 0 || raw.charAt(percentAt + 1) > 0x7f || raw.charAt(percentAt + 2) > 0x7f) {
            throw new IllegalArgumentException("invalid %-escape at index " + percentAt);
        }
        return high << 4 | low;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the decoded bytes are not valid UTF-8", e);
        }
    }
}
