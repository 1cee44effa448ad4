package io.raftkv.client.spring.autoconfigure.cache;

import io.raftkv.client.KvClient;
import io.raftkv.client.spring.autoconfigure.ConditionalOnKvClientEnabled;
import io.raftkv.client.spring.autoconfigure.KvClientAutoConfiguration;
import io.raftkv.client.spring.autoconfigure.KvClientProperties;
import io.raftkv.client.spring.cache.KvCacheCodec;
import io.raftkv.client.spring.cache.KvCacheManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configures a {@link KvCacheManager} when {@code kv.client.cache.enabled} is {@code true},
 * there is one {@link KvClient} bean and the application defines no {@link CacheManager} of its
 * own. It runs before Spring Boot's cache auto-configuration, which then backs off. Caching
 * annotations still need {@code @EnableCaching}.
 */
@AutoConfiguration(after = KvClientAutoConfiguration.class,
        beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnKvClientEnabled
@ConditionalOnBooleanProperty("kv.client.cache.enabled")
@ConditionalOnSingleCandidate(KvClient.class)
public final class KvCacheAutoConfiguration {

    KvCacheAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean(CacheManager.class)
    KvCacheManager cacheManager(KvClient client, KvClientProperties properties, ObjectProvider<KvCacheCodec> codec,
                                ResourceLoader resourceLoader) {
        KvClientProperties.Cache cache = properties.getCache();
        return new KvCacheManager(client, cache.getKeyPrefix(), cache.getCacheNames(),
                codec.getIfAvailable(() -> KvCacheCodec.javaSerialization(resourceLoader.getClassLoader())),
                cache.isAllowNullValues());
    }
}
