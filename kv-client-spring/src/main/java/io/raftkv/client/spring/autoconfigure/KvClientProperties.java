package io.raftkv.client.spring.autoconfigure;

import io.raftkv.client.Consistency;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The {@code kv.client.*} properties: one per {@link io.raftkv.client.KvClient.Builder} option,
 * with the builder's defaults, plus the starter's own health and cache settings. Options that
 * are objects rather than values (an {@code OkHttpClient}, interceptors, TLS, a rotating token)
 * are set through a {@link KvClientCustomizer} bean.
 */
@ConfigurationProperties("kv.client")
public class KvClientProperties {

    /** Whether to auto-configure the raftkv client (and its health, metrics and cache support). */
    private boolean enabled = true;

    /** The nodes' HTTP base URLs, e.g. http://localhost:8081; at least one is required. */
    private List<String> endpoints = new ArrayList<>();

    /** The deadline for one call, covering all its attempts and backoffs; never infinite. */
    private Duration callTimeout = Duration.ofSeconds(10);

    /** The TCP/TLS connect timeout per attempt. */
    private Duration connectTimeout = Duration.ofSeconds(2);

    /** The read and write timeout per attempt: the longest silence on a connection. */
    private Duration readTimeout = Duration.ofSeconds(5);

    /** The consistency of reads and listings that do not name one. */
    private Consistency consistency = Consistency.LINEARIZABLE;

    /** The largest value the client sends; larger ones fail before anything is sent. */
    private DataSize maxValueSize = DataSize.ofMegabytes(1);

    /** Keys per page a listing fetches, 1 to 10000. */
    private int listPageSize = 1000;

    /** A fixed Authorization header value sent on every attempt, e.g. "Bearer abc"; none if unset. */
    private String authorization;

    private final Retry retry = new Retry();

    private final CircuitBreaker circuitBreaker = new CircuitBreaker();

    private final Health health = new Health();

    private final Cache cache = new Cache();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<String> getEndpoints() {
        return endpoints;
    }

    public void setEndpoints(List<String> endpoints) {
        this.endpoints = endpoints;
    }

    public Duration getCallTimeout() {
        return callTimeout;
    }

    public void setCallTimeout(Duration callTimeout) {
        this.callTimeout = callTimeout;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getReadTimeout() {
        return readTimeout;
    }

    public void setReadTimeout(Duration readTimeout) {
        this.readTimeout = readTimeout;
    }

    public Consistency getConsistency() {
        return consistency;
    }

    public void setConsistency(Consistency consistency) {
        this.consistency = consistency;
    }

    public DataSize getMaxValueSize() {
        return maxValueSize;
    }

    public void setMaxValueSize(DataSize maxValueSize) {
        this.maxValueSize = maxValueSize;
    }

    public int getListPageSize() {
        return listPageSize;
    }

    public void setListPageSize(int listPageSize) {
        this.listPageSize = listPageSize;
    }

    public String getAuthorization() {
        return authorization;
    }

    public void setAuthorization(String authorization) {
        this.authorization = authorization;
    }

    public Retry getRetry() {
        return retry;
    }

    public CircuitBreaker getCircuitBreaker() {
        return circuitBreaker;
    }

    public Health getHealth() {
        return health;
    }

    public Cache getCache() {
        return cache;
    }

    /** {@code kv.client.retry.*}: the SDK's {@link io.raftkv.client.RetryPolicy}. */
    public static class Retry {

        /** Attempts per call including the first; 1 turns retries off. */
        private int maxAttempts = 30;

        /** The delay before the first retry. */
        private Duration initialBackoff = Duration.ofMillis(50);

        /** The largest delay between two attempts. */
        private Duration maxBackoff = Duration.ofSeconds(1);

        /** Growth of the delay per retry, at least 1. */
        private double multiplier = 2.0;

        /** Random spread of each delay as a fraction in [0, 1] (0.2: plus or minus 20 %). */
        private double jitter = 0.2;

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getInitialBackoff() {
            return initialBackoff;
        }

        public void setInitialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

        public double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(double multiplier) {
            this.multiplier = multiplier;
        }

        public double getJitter() {
            return jitter;
        }

        public void setJitter(double jitter) {
            this.jitter = jitter;
        }
    }

    /** {@code kv.client.circuit-breaker.*}: the SDK's per-node {@link io.raftkv.client.CircuitBreakerPolicy}. */
    public static class CircuitBreaker {

        /** The failure rate, in percent, that opens a node's breaker; in (0, 100]. */
        private float failureRatePercent = 50f;

        /** The number of recent attempts the failure rate is computed over. */
        private int windowSize = 10;

        /** Attempts needed before the failure rate is computed, in [1, window-size]. */
        private int minimumCalls = 4;

        /** How long an open breaker skips its node. */
        private Duration openDuration = Duration.ofSeconds(5);

        public float getFailureRatePercent() {
            return failureRatePercent;
        }

        public void setFailureRatePercent(float failureRatePercent) {
            this.failureRatePercent = failureRatePercent;
        }

        public int getWindowSize() {
            return windowSize;
        }

        public void setWindowSize(int windowSize) {
            this.windowSize = windowSize;
        }

        public int getMinimumCalls() {
            return minimumCalls;
        }

        public void setMinimumCalls(int minimumCalls) {
            this.minimumCalls = minimumCalls;
        }

        public Duration getOpenDuration() {
            return openDuration;
        }

        public void setOpenDuration(Duration openDuration) {
            this.openDuration = openDuration;
        }
    }

    /** {@code kv.client.health.*}: the actuator health indicator. */
    public static class Health {

        /** How long a health check waits for the cluster status before reporting DOWN. */
        private Duration timeout = Duration.ofSeconds(3);

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }

    /** {@code kv.client.cache.*}: the Spring {@code CacheManager} backed by the store. */
    public static class Cache {

        /** Whether to define a CacheManager that stores cache entries as keys in the cluster. */
        private boolean enabled;

        /** The prefix of every cache's keys: an entry of cache "books" lives at {key-prefix}books/{key}. */
        private String keyPrefix = "cache/";

        /** The caches to create at start-up; when set, no other cache is created on demand. */
        private List<String> cacheNames = new ArrayList<>();

        /** Whether a cache may store null (as an empty value). */
        private boolean allowNullValues = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getKeyPrefix() {
            return keyPrefix;
        }

        public void setKeyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
        }

        public List<String> getCacheNames() {
            return cacheNames;
        }

        public void setCacheNames(List<String> cacheNames) {
            this.cacheNames = cacheNames;
        }

        public boolean isAllowNullValues() {
            return allowNullValues;
        }

        public void setAllowNullValues(boolean allowNullValues) {
            this.allowNullValues = allowNullValues;
        }
    }
}
