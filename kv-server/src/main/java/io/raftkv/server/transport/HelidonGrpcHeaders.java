package io.raftkv.server.transport;

import io.helidon.http.Header;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;

/**
 * Works around a race in Helidon 4.5's gRPC client. Its calls share static header constants
 * ({@code te: trailers}, {@code content-type: application/grpc}, ...) whose list of values is built
 * lazily, without synchronization, on first read. Two calls that start together in a fresh JVM, as
 * a node connecting to all its peers at once does, can both build it and both add the value:
 * {@code te: trailers, trailers}, which Helidon's own request validation then refuses on every
 * call for the life of the process ({@code Http2Exception: te in headers with other value than
 * trailers}). Such a node still receives but never sends again; in the failover benchmark a
 * restarted node went mute that way and the cluster lost its quorum for good. Reading every
 * constant once, before any sender thread starts, closes the window.
 */
final class HelidonGrpcHeaders {
    /** The classes of Helidon's gRPC client calls that hold such constants. */
    static final List<String> CALL_CLASSES = List.of("io.helidon.webclient.grpc.GrpcBaseClientCall",
            "io.helidon.webclient.grpc.GrpcClientCall", "io.helidon.webclient.grpc.GrpcUnaryClientCall");
    private static final System.Logger LOG = System.getLogger(HelidonGrpcHeaders.class.getName());

    private HelidonGrpcHeaders() {
    }

    /** Builds the value lists of every shared header of Helidon's gRPC calls; the number of headers. */
    static synchronized int initialize() {
        int read = 0;
        for (String name : CALL_CLASSES) {
            try {
                read += initialize(Class.forName(name));
            } catch (ClassNotFoundException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot prepare the shared headers of {0}: {1}", name, e.toString());
            }
        }
        return read;
    }

    /** Reads each static {@link Header} field of {@code type} once; the number read. */
    static int initialize(Class<?> type) {
        int read = 0;
        for (Field field : type.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && Header.class.isAssignableFrom(field.getType())) {
                field.setAccessible(true);
                try {
                    ((Header) field.get(null)).allValues();
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                read++;
            }
        }
        return read;
    }
}
