package io.raftkv.server.http;

import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.OptionalLong;

/** Reads a PUT's value: the raw body bytes, whatever the Content-Type, within the value limit. */
final class Values {
    private Values() {
    }

    /**
     * @throws ApiException VALUE_TOO_LARGE, before reading anything when Content-Length announces too
     *                      much, or as soon as a body without one (chunked) runs over
     */
    static byte[] read(ServerRequest req, long maxValueBytes) {
        OptionalLong declared = req.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > maxValueBytes) {
            throw tooLarge(declared.getAsLong() + " bytes", maxValueBytes);
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        // One byte more than allowed tells an over-limit body apart without reading all of it.
        try (InputStream in = req.content().inputStream()) {
            byte[] value = in.readNBytes(Math.toIntExact(maxValueBytes + 1));
            if (value.length > maxValueBytes) {
                throw tooLarge("more than " + maxValueBytes + " bytes", maxValueBytes);
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body failed", e);
        }
    }

    private static ApiException tooLarge(String size, long maxValueBytes) {
        return new ApiException(ErrorCode.VALUE_TOO_LARGE,
                "the value is " + size + "; at most " + maxValueBytes + " bytes are allowed");
    }
}
