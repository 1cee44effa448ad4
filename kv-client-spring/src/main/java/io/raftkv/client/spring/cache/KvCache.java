package io.raftkv.client.spring.cache;

import io.raftkv.client.KvClient;
import io.raftkv.client.KvEntry;
import io.raftkv.client.PreconditionFailedException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.cache.support.AbstractValueAdaptingCache;
import org.springframework.cache.support.NullValue;

/**
 * A Spring {@link org.springframework.cache.Cache} whose entries are keys in the cluster: the
 * entry for {@code key} lives at {@code <prefix><key.toString()>}, so cache keys need a stable
 * {@code toString()} (strings, numbers and Spring's {@code SimpleKey} have one).
 *
 * <p>Every operation is one or a few SDK calls, with the SDK's retries and deadline; its
 * exceptions reach Spring's {@code CacheErrorHandler}. {@link #clear()} lists the prefix and
 * deletes each key, so entries written meanwhile may survive it. Entries never expire: the
 * server has no TTL yet.
 */
public final class KvCache extends AbstractValueAdaptingCache {
    private static final byte[] NULL = new byte[0];

    private final String name;
    private final String prefix;
    private final KvClient client;
    private final KvCacheCodec codec;

    /**
     * Creates a cache.
     *
     * @param name the cache's name
     * @param prefix the prefix of its keys in the store, e.g. {@code cache/books/}
     * @param client the client it reads and writes through
     * @param codec turns values into bytes and back
     * @param allowNullValues whether {@code null} may be cached
     */
    public KvCache(String name, String prefix, KvClient client, KvCacheCodec codec, boolean allowNullValues) {
        super(allowNullValues);
        this.name = Objects.requireNonNull(name, "name");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.client = Objects.requireNonNull(client, "client");
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    @Override
    public String getName() {
        return name;
    }

    /** Returns the {@link KvClient} the cache stores through. */
    @Override
    public Object getNativeCache() {
        return client;
    }

    @Override
    protected Object lookup(Object key) {
        return client.get(storeKey(key)).map(this::decode).orElse(null);
    }

    /**
     * Returns the cached value, or loads, stores and returns it. When several callers, in this
     * application or another, load the same key at once, the first to store its value wins and
     * the others return that value.
     */
    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(Object key, Callable<T> valueLoader) {
        ValueWrapper hit = get(key);
        if (hit != null) {
            return (T) hit.get();
        }
        T loaded;
        try {
            loaded = valueLoader.call();
        } catch (Exception e) {
            throw new ValueRetrievalException(key, valueLoader, e);
        }
        ValueWrapper winner = putIfAbsent(key, loaded);
        return winner == null ? loaded : (T) winner.get();
    }

    @Override
    public void put(Object key, Object value) {
        client.put(storeKey(key), encode(value));
    }

    /** Stores the value only if the key has none, with the store's create-only write. */
    @Override
    public ValueWrapper putIfAbsent(Object key, Object value) {
        String storeKey = storeKey(key);
        byte[] bytes = encode(value);
        while (true) {
            try {
                client.putIfAbsent(storeKey, bytes);
                return null;
            } catch (PreconditionFailedException exists) {
                Optional<KvEntry> current = client.get(storeKey);
                if (current.isPresent()) {
                    return toValueWrapper(decode(current.get()));
                }
                // Deleted since the create failed: try the create again.
            }
        }
    }

    @Override
    public void evict(Object key) {
        client.delete(storeKey(key));
    }

    @Override
    public boolean evictIfPresent(Object key) {
        return client.delete(storeKey(key)).deleted();
    }

    @Override
    public void clear() {
        invalidate();
    }

    @Override
    public boolean invalidate() {
        return client.listKeys(prefix).map(key -> client.delete(key).deleted()).reduce(false, Boolean::logicalOr);
    }

    private String storeKey(Object key) {
        return prefix + Objects.requireNonNull(key, "key");
    }

    private byte[] encode(Object value) {
        Object stored = toStoreValue(value);
        return stored == NullValue.INSTANCE ? NULL : codec.encode(stored);
    }

    private Object decode(KvEntry entry) {
        byte[] bytes = entry.value();
        if (bytes.length == 0) {
            return isAllowNullValues() ? NullValue.INSTANCE : null;
        }
        return codec.decode(bytes);
    }
}
