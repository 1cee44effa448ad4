package io.raftkv.client.spring.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.client.KvClient;
import io.raftkv.client.KvCodec;
import io.raftkv.client.spring.FakeKvServer;
import io.raftkv.client.spring.autoconfigure.KvClientAutoConfiguration;
import io.raftkv.client.spring.autoconfigure.cache.KvCacheAutoConfiguration;
import java.nio.charset.StandardCharsets;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class KvCacheAutoConfigurationTests {
    private final FakeKvServer store = new FakeKvServer();
    private final MockWebServer server = new MockWebServer();
    private ApplicationContextRunner runner;

    @BeforeEach
    void start() throws Exception {
        server.setDispatcher(store);
        server.start();
        runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KvClientAutoConfiguration.class, KvCacheAutoConfiguration.class))
                .withPropertyValues("kv.client.endpoints=" + server.url("/"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldDefineNoCacheManagerUnlessEnabled() {
        runner.run(context -> assertThat(context).hasSingleBean(KvClient.class).doesNotHaveBean(CacheManager.class));
    }

    @Test
    void shouldDefineACacheManagerOverTheStoreWhenEnabled() {
        runner.withPropertyValues("kv.client.cache.enabled=true", "kv.client.cache.key-prefix=app/",
                "kv.client.cache.cache-names=books,authors").run(context -> {
                    CacheManager manager = context.getBean(CacheManager.class);
                    assertThat(manager).isInstanceOf(KvCacheManager.class);
                    assertThat(manager.getCacheNames()).containsExactlyInAnyOrder("books", "authors");
                    manager.getCache("books").put("1", "Dune");
                    assertThat(store.keys()).containsExactly("app/books/1");
                });
    }

    @Test
    void shouldBackOffWhenTheStarterIsDisabled() {
        runner.withPropertyValues("kv.client.enabled=false", "kv.client.cache.enabled=true")
                .run(context -> assertThat(context).doesNotHaveBean(CacheManager.class));
    }

    @Test
    void shouldUseTheApplicationsOwnCacheManager() {
        runner.withPropertyValues("kv.client.cache.enabled=true")
                .withBean(CacheManager.class, ConcurrentMapCacheManager::new)
                .run(context -> assertThat(context).getBean(CacheManager.class).isInstanceOf(ConcurrentMapCacheManager.class));
    }

    @Test
    void shouldStoreValuesWithTheApplicationsCodec() {
        KvCacheCodec utf8 = KvCacheCodec.of(KvCodec.of(v -> v.toString().getBytes(StandardCharsets.UTF_8),
                b -> new String(b, StandardCharsets.UTF_8)));

        runner.withPropertyValues("kv.client.cache.enabled=true").withBean(KvCacheCodec.class, () -> utf8)
                .run(context -> {
                    context.getBean(CacheManager.class).getCache("greetings").put("en", "hello");
                    assertThat(context.getBean(KvClient.class).get("cache/greetings/en"))
                            .hasValueSatisfying(e -> assertThat(e.valueAsString()).isEqualTo("hello"));
                });
    }

    @Test
    void shouldServeCacheableMethods() {
        runner.withPropertyValues("kv.client.cache.enabled=true").withUserConfiguration(Library.class)
                .run(context -> {
                    Library.Titles titles = context.getBean(Library.Titles.class);
                    assertThat(titles.title(1)).isEqualTo("title 1 (call 1)");
                    assertThat(titles.title(1)).isEqualTo("title 1 (call 1)");
                    assertThat(store.keys()).containsExactly("cache/titles/1");
                });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class Library {
        @Bean
        Titles titles() {
            return new Titles();
        }

        static class Titles {
            private int calls;

            @Cacheable("titles")
            public String title(int id) {
                return "title " + id + " (call " + ++calls + ")";
            }
        }
    }
}
