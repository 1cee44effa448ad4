package io.raftkv.it.spring;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.stereotype.Service;

/** The application {@link KvSpringBootIT} starts: the starter's auto-configuration plus one cached service. */
@SpringBootApplication
@EnableCaching
class KvSpringTestApp {

    /** A slow lookup worth caching; counts its real calls so the test sees the cache answer. */
    @Service
    static class Greetings {
        private final AtomicInteger lookups = new AtomicInteger();

        @Cacheable("greetings")
        public String greeting(String language) {
            lookups.incrementAndGet();
            return switch (language) {
                case "en" -> "hello";
                case "fr" -> "bonjour";
                default -> "?";
            };
        }

        @CacheEvict("greetings")
        public void forget(String language) {
        }

        /** How many lookups ran (a method, not a field: callers hold the caching proxy). */
        public int lookups() {
            return lookups.get();
        }
    }
}
