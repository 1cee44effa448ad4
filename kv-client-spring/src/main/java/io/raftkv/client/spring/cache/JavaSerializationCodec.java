package io.raftkv.client.spring.cache;

import io.raftkv.client.KvException;
import java.io.IOException;
import org.springframework.core.serializer.support.SerializationDelegate;

/**
 * Java serialization through Spring's delegate, which resolves classes with the application's
 * class loader rather than the caller's (they differ in a packaged Spring Boot application).
 */
final class JavaSerializationCodec implements KvCacheCodec {
    private final SerializationDelegate delegate;

    JavaSerializationCodec(ClassLoader classLoader) {
        this.delegate = new SerializationDelegate(classLoader);
    }

    @Override
    public byte[] encode(Object value) {
        try {
            return delegate.serializeToByteArray(value);
        } catch (IOException | IllegalArgumentException e) {
            throw new KvException(null, "cannot serialize the cache value (is it Serializable?): " + e, e);
        }
    }

    @Override
    public Object decode(byte[] bytes) {
        try {
            return delegate.deserializeFromByteArray(bytes);
        } catch (IOException e) {
            throw new KvException(null, "cannot deserialize the cached value: " + e, e);
        }
    }
}
