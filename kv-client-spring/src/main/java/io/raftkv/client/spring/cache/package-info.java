/** Spring's cache abstraction over the store: {@code KvCacheManager}, {@code KvCache} and the value codec. */
package io.raftkv.client.spring.cache;
