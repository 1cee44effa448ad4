package io.raftkv.client;

/**
 * Turns values of type {@code T} into bytes and back, so an application can store its own types
 * (for example through Jackson) without the SDK depending on a serialization library.
 *
 * <pre>{@code
 * KvCodec<User> users = KvCodec.of(mapper::writeValueAsBytes, bytes -> mapper.readValue(bytes, User.class));
 * }</pre>
 *
 * @param <T> the value type
 */
public interface KvCodec<T> {

    /**
     * Encodes a value.
     *
     * @param value the value
     * @return its bytes
     */
    byte[] encode(T value);

    /**
     * Decodes a value.
     *
     * @param bytes the stored bytes
     * @return the value
     */
    T decode(byte[] bytes);

    /**
     * Builds a codec from two functions that may throw (e.g. Jackson's checked IOException);
     * a thrown exception is rethrown as {@link KvException}.
     *
     * @param encoder value to bytes
     * @param decoder bytes to value
     * @param <T> the value type
     * @return the codec
     */
    static <T> KvCodec<T> of(Encoder<T> encoder, Decoder<T> decoder) {
        return new KvCodec<>() {
            @Override
            public byte[] encode(T value) {
                try {
                    return encoder.encode(value);
                } catch (Exception e) {
                    throw new KvException(null, "the codec could not encode the value: " + e, e);
                }
            }

            @Override
            public T decode(byte[] bytes) {
                try {
                    return decoder.decode(bytes);
                } catch (Exception e) {
                    throw new KvException(null, "the codec could not decode the stored value: " + e, e);
                }
            }
        };
    }

    /**
     * An encoding function that may throw.
     *
     * @param <T> the value type
     */
    @FunctionalInterface
    interface Encoder<T> {
        /**
         * Encodes a value.
         *
         * @param value the value
         * @return its bytes
         * @throws Exception if it cannot be encoded
         */
        byte[] encode(T value) throws Exception;
    }

    /**
     * A decoding function that may throw.
     *
     * @param <T> the value type
     */
    @FunctionalInterface
    interface Decoder<T> {
        /**
         * Decodes bytes.
         *
         * @param bytes the bytes
         * @return the value
         * @throws Exception if they cannot be decoded
         */
        T decode(byte[] bytes) throws Exception;
    }
}
