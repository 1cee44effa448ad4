package io.raftkv.client.spring.cache;

import io.raftkv.client.KvCodec;

/**
 * Turns cache values into the bytes stored in the cluster and back. The default is Java
 * serialization ({@link #javaSerialization(ClassLoader)}); declare a bean of this type to store
 * values another way, for example as JSON:
 *
 * <pre>{@code
 * @Bean
 * KvCacheCodec jsonCacheCodec(JsonMapper mapper) {
 *     return KvCacheCodec.of(KvCodec.of(mapper::writeValueAsBytes, bytes -> mapper.readValue(bytes, Object.class)));
 * }
 * }</pre>
 *
 * <p>A codec must never encode a value as zero bytes: an empty stored value means a cached
 * {@code null}.
 */
public interface KvCacheCodec extends KvCodec<Object> {

    /**
     * The default codec: Java serialization, resolving classes through {@code classLoader}. Values
     * must be {@link java.io.Serializable}. Only use it on a cluster that only trusted
     * applications can write to: deserializing bytes an attacker wrote can run their code.
     *
     * @param classLoader loads the classes of stored values
     * @return the codec
     */
    static KvCacheCodec javaSerialization(ClassLoader classLoader) {
        return new JavaSerializationCodec(classLoader);
    }

    /**
     * Adapts an SDK codec.
     *
     * @param codec encodes and decodes values
     * @return the cache codec
     */
    static KvCacheCodec of(KvCodec<Object> codec) {
        return new KvCacheCodec() {
            @Override
            public byte[] encode(Object value) {
                return codec.encode(value);
            }

            @Override
            public Object decode(byte[] bytes) {
                return codec.decode(bytes);
            }
        };
    }
}
