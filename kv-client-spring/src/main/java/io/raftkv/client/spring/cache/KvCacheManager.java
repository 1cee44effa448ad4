package io.raftkv.client.spring.cache;

import io.raftkv.client.KvClient;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.springframework.cache.Cache;
import org.springframework.cache.support.AbstractCacheManager;

/**
 * A Spring {@link org.springframework.cache.CacheManager} of {@link KvCache}s: cache
 * {@code books} keeps its entries under {@code <keyPrefix>books/}. With a fixed list of cache
 * names only those exist; without, a cache is created the first time it is asked for.
 */
public final class KvCacheManager extends AbstractCacheManager {
    private final KvClient client;
    private final String keyPrefix;
    private final List<String> cacheNames;
    private final KvCacheCodec codec;
    private final boolean allowNullValues;

    /**
     * Creates the manager; its caches exist once {@link #afterPropertiesSet()} (called by Spring
     * for a bean) or {@link #initializeCaches()} ran.
     *
     * @param client the client the caches store through
     * @param keyPrefix the prefix of every cache's keys, e.g. {@code cache/}
     * @param cacheNames the caches to create up front; empty to create them on demand
     * @param codec turns values into bytes and back
     * @param allowNullValues whether {@code null} may be cached
     */
    public KvCacheManager(KvClient client, String keyPrefix, Collection<String> cacheNames, KvCacheCodec codec,
                          boolean allowNullValues) {
        this.client = Objects.requireNonNull(client, "client");
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        this.cacheNames = List.copyOf(cacheNames);
        this.codec = Objects.requireNonNull(codec, "codec");
        this.allowNullValues = allowNullValues;
        this.cacheNames.forEach(KvCacheManager::checkName);
    }

    @Override
    protected Collection<? extends Cache> loadCaches() {
        return cacheNames.stream().map(this::create).toList();
    }

    @Override
    protected Cache getMissingCache(String name) {
        return cacheNames.isEmpty() ? create(checkName(name)) : null;
    }

    private KvCache create(String name) {
        return new KvCache(name, keyPrefix + name + "/", client, codec, allowNullValues);
    }

    /** A name with a '/' would put one cache's keys inside another's, and clearing one would clear both. */
    private static String checkName(String name) {
        if (name.isEmpty() || name.contains("/")) {
            throw new IllegalArgumentException("a kv cache name must be non-empty and contain no '/': " + name);
        }
        return name;
    }
}
