package io.raftkv.server.transport;

import com.google.protobuf.MessageLite;
import io.grpc.MethodDescriptor;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * Protobuf's gRPC marshaller with one change: a message streams from its serialized array. Helidon's
 * client serializes a message by {@code InputStream.transferTo}, and protobuf's own stream keeps the
 * JDK's default, which copies through a new 16 KiB buffer: per heartbeat, read index and append,
 * that was over half of a node's allocation under load. A {@link ByteArrayInputStream} writes its
 * array in one call.
 */
final class ArrayMarshaller<T extends MessageLite> implements MethodDescriptor.Marshaller<T> {
    private final MethodDescriptor.Marshaller<T> protobuf;

    private ArrayMarshaller(MethodDescriptor.Marshaller<T> protobuf) {
        this.protobuf = protobuf;
    }

    /** {@code method} with its request marshalled through an array; same name, same wire format. */
    static <Q extends MessageLite, R> MethodDescriptor<Q, R> requestsAsArrays(MethodDescriptor<Q, R> method) {
        return method.toBuilder(new ArrayMarshaller<>(method.getRequestMarshaller()), method.getResponseMarshaller()).build();
    }

    @Override
    public InputStream stream(T value) {
        return new ByteArrayInputStream(value.toByteArray());
    }

    @Override
    public T parse(InputStream stream) {
        return protobuf.parse(stream);
    }
}
