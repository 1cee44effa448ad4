/** Auto-configuration of the store-backed {@code CacheManager}, active with {@code kv.client.cache.enabled=true}. */
package io.raftkv.client.spring.autoconfigure.cache;
