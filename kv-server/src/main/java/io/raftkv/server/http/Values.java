package io.raftkv.server.http;

import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.OptionalLong;

/** Reads a PUT's value (or another request's body): the raw bytes, whatever the Content-Type, within a limit. */
final class Values {
    private Values() {
    }

    /**
     * @throws ApiException VALUE_TOO_LARGE, before reading anything when Content-Length announces too
     *                      much, or as soon as a body without one (chunked) runs over
     */
    static byte[] read(ServerRequest req, long maxValueBytes) {
        return read(req, maxValueBytes, "the value");
    }

    /** Like {@link #read(ServerRequest, long)}, naming what is read ({@code "the body"}) in the error. */
    static byte[] read(ServerRequest req, long maxValueBytes, String what) {
        OptionalLong declared = req.headers().contentLength();
        if (declared.isPresent() && declared.getAsLong() > maxValueBytes) {
            throw tooLarge(what, declared.getAsLong() + " bytes", maxValueBytes);
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        // One byte more than allowed tells an over-limit body apart without reading all of it.
        try (InputStream in = req.content().inputStream()) {
            byte[] value = in.readNBytes(Math.toIntExact(maxValueBytes + 1));
            if (value.length > maxValueBytes) {
                throw tooLarge(what, "more than " + maxValueBytes + " bytes", maxValueBytes);
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body failed", e);
        }
    }

    private static ApiException tooLarge(String what, String size, long maxValueBytes) {
        return new ApiException(ErrorCode.VALUE_TOO_LARGE,
                what + " is " + size + "; at most " + maxValueBytes + " bytes are allowed");
    }
}
