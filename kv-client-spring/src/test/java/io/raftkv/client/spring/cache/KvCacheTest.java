package io.raftkv.client.spring.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftkv.client.KvClient;
import io.raftkv.client.KvCodec;
import io.raftkv.client.spring.FakeKvServer;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.cache.Cache;

/** {@link KvCache} against {@link FakeKvServer}, an in-memory node. */
class KvCacheTest {
    private final FakeKvServer store = new FakeKvServer();
    private final MockWebServer server = new MockWebServer();
    private KvClient client;
    private KvCacheManager manager;

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(store);
        server.start();
        client = KvClient.builder().endpoints(server.url("/").toString()).listPageSize(2).build();
        manager = new KvCacheManager(client, "cache/", List.of(),
                KvCacheCodec.javaSerialization(getClass().getClassLoader()), true);
        manager.initializeCaches();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void putThenGetReturnsTheValueStoredUnderTheCachesPrefix() {
        Cache books = manager.getCache("books");

        books.put(42, new Book("Dune"));

        assertThat(books.get(42, Book.class)).isEqualTo(new Book("Dune"));
        assertThat(store.keys()).containsExactly("cache/books/42");
    }

    @Test
    void aMissIsNullAndACachedNullIsAnEmptyWrapper() {
        Cache books = manager.getCache("books");

        books.put("absent-on-purpose", null);

        assertThat(books.get("never-put")).isNull();
        assertThat(books.get("absent-on-purpose")).isNotNull().extracting(Cache.ValueWrapper::get).isNull();
    }

    @Test
    void putIfAbsentKeepsTheFirstValue() {
        Cache books = manager.getCache("books");

        assertThat(books.putIfAbsent(1, new Book("first"))).isNull();
        assertThat(books.putIfAbsent(1, new Book("second"))).extracting(Cache.ValueWrapper::get)
                .isEqualTo(new Book("first"));
        assertThat(books.get(1, Book.class)).isEqualTo(new Book("first"));
    }

    @Test
    void getWithALoaderLoadsOnceAndThenHits() {
        Cache books = manager.getCache("books");
        AtomicInteger loads = new AtomicInteger();

        Book loaded = books.get(7, () -> new Book("loaded " + loads.incrementAndGet()));
        Book again = books.get(7, () -> new Book("loaded " + loads.incrementAndGet()));

        assertThat(loaded).isEqualTo(new Book("loaded 1"));
        assertThat(again).isEqualTo(loaded);
        assertThat(loads).hasValue(1);
    }

    @Test
    void aFailingLoaderIsReportedAsARetrievalFailure() {
        Cache books = manager.getCache("books");

        assertThatThrownBy(() -> books.get(7, () -> {
            throw new IllegalStateException("db down");
        })).isInstanceOf(Cache.ValueRetrievalException.class).hasRootCauseMessage("db down");
        assertThat(store.keys()).isEmpty();
    }

    @Test
    void evictRemovesOneEntry() {
        Cache books = manager.getCache("books");
        books.put(1, new Book("a"));
        books.put(2, new Book("b"));

        books.evict(1);

        assertThat(books.evictIfPresent(1)).isFalse();
        assertThat(books.evictIfPresent(2)).isTrue();
        assertThat(store.keys()).isEmpty();
    }

    @Test
    void clearDeletesEveryEntryOfThisCacheAcrossPagesAndNoOther() {
        Cache books = manager.getCache("books");
        Cache authors = manager.getCache("authors");
        for (int i = 0; i < 5; i++) {
            books.put(i, new Book("b" + i));
        }
        authors.put(1, "Herbert");

        books.clear();

        assertThat(store.keys()).containsExactly("cache/authors/1");
        assertThat(books.invalidate()).isFalse();
        assertThat(authors.invalidate()).isTrue();
    }

    @Test
    void nullsAreRefusedWhenNotAllowed() {
        KvCacheManager strict = new KvCacheManager(client, "cache/", List.of("books"),
                KvCacheCodec.javaSerialization(getClass().getClassLoader()), false);
        strict.initializeCaches();

        assertThatThrownBy(() -> strict.getCache("books").put(1, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFixedListOfNamesCreatesNoOtherCache() {
        KvCacheManager fixed = new KvCacheManager(client, "cache/", List.of("books"),
                KvCacheCodec.javaSerialization(getClass().getClassLoader()), true);
        fixed.initializeCaches();

        assertThat(fixed.getCacheNames()).containsExactly("books");
        assertThat(fixed.getCache("authors")).isNull();
    }

    @Test
    void aNameWithASlashIsRefused() {
        assertThatThrownBy(() -> manager.getCache("books/old")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("books/old");
    }

    @Test
    void aPluggableCodecDecidesTheStoredBytes() {
        KvCacheManager plain = new KvCacheManager(client, "plain/", List.of(),
                KvCacheCodec.of(KvCodec.of(v -> v.toString().getBytes(StandardCharsets.UTF_8),
                        b -> new String(b, StandardCharsets.UTF_8))), true);
        plain.initializeCaches();

        plain.getCache("greetings").put("en", "hello");

        assertThat(client.get("plain/greetings/en")).hasValueSatisfying(e -> assertThat(e.valueAsString()).isEqualTo("hello"));
        assertThat(plain.getCache("greetings").get("en", String.class)).isEqualTo("hello");
    }

    record Book(String title) implements Serializable {
    }
}
