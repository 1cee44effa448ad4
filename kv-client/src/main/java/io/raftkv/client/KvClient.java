package io.raftkv.client;

import io.raftkv.client.internal.Futures;
import io.raftkv.client.internal.RealKvClient;
import io.raftkv.client.internal.Settings;
import io.raftkv.client.internal.SharedHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * The raftkv client: reads and writes keys on a cluster through its REST API v1.
 *
 * <pre>{@code
 * try (KvClient kv = KvClient.builder().endpoints("http://localhost:8081", "http://localhost:8082").build()) {
 *     kv.put("greeting", "hello");
 *     String value = kv.get("greeting").map(KvEntry::valueAsString).orElse("none");
 * }
 * }</pre>
 *
 * <p><b>Routing.</b> Writes go to the leader the client learned from the {@code X-Kv-Leader}
 * header (any node until one is known: followers forward). Reads go round-robin to the nodes whose
 * circuit breaker is closed.
 *
 * <p><b>Retries.</b> An attempt that failed without applying (connection refused, 503 such as
 * {@code NO_LEADER}, honouring {@code Retry-After}) is retried on the next node with exponential
 * backoff and jitter, until the {@link RetryPolicy} or the call's deadline runs out. Every write
 * carries an {@code Idempotency-Key} created once per call and reused by its retries, so a write
 * whose answer was lost (read timeout, reset, 504 {@code OUTCOME_UNKNOWN}) is retried too and
 * applies at most once. If the deadline passes while the outcome is still unknown, the call
 * throws {@link OutcomeUnknownException}: it is never reported as a success or a failure. 400,
 * 404, 412 and 413 are never retried.
 *
 * <p><b>Threads.</b> A {@code KvClient} is thread-safe; share one per application. Blocking
 * methods wait on the calling thread; {@code ...Async} methods return at once and complete on the
 * SDK's threads, so do not block in their continuations. {@link #close()} releases the threads and
 * connections.
 *
 * <p>This SDK speaks the server API versions in {@link #SUPPORTED_API_VERSIONS}.
 */
public final class KvClient implements AutoCloseable {

    /** The server REST API versions this SDK supports, comma-separated: {@value}. */
    public static final String SUPPORTED_API_VERSIONS = "v1";

    private final RealKvClient real;
    private final Settings settings;
    private final Consistency consistency;

    private KvClient(Settings settings) {
        this.real = new RealKvClient(settings);
        this.settings = settings;
        this.consistency = settings.consistency();
    }

    /**
     * Starts configuring a client.
     *
     * @return a builder with the defaults; only {@link Builder#endpoints(String...)} is required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts configuring a client like this one, as OkHttp's {@code OkHttpClient.newBuilder()}
     * does: the builder holds this client's options (endpoints, timeouts, policies, interceptors,
     * listener, ...), and the client it builds shares this one's connection pool and dispatcher,
     * so it costs no new threads or connections. Circuit breakers, the learned leader and the
     * retry thread are the new client's own.
     *
     * <p>Each client still needs {@link #close()}. The shared pool and dispatcher, if the SDK
     * created them, are released when the last client sharing them closes; an application's own
     * {@link Builder#okHttpClient(OkHttpClient)} is never released. Setting
     * {@code okHttpClient(...)} on the new builder stops the sharing.
     *
     * <pre>{@code
     * KvClient impatient = kv.newBuilder().callTimeout(Duration.ofMillis(500)).build();
     * }</pre>
     *
     * @return a builder pre-filled with this client's options
     * @throws IllegalStateException if this client is closed
     */
    public Builder newBuilder() {
        if (real.isClosed()) {
            throw new IllegalStateException("this KvClient is closed; call newBuilder() on an open one");
        }
        return new Builder(settings, real.sharedHttp());
    }

    /**
     * Reads a key with the client's default consistency.
     *
     * @param key the key
     * @return the entry, or empty if the key does not exist
     * @throws UnavailableException if no node answered in time
     */
    public Optional<KvEntry> get(String key) {
        return Futures.join(getAsync(key, consistency));
    }

    /**
     * Reads a key.
     *
     * @param key the key
     * @param consistency linearizable, or serializable (may be stale, faster)
     * @return the entry, or empty if the key does not exist
     * @throws UnavailableException if no node answered in time
     */
    public Optional<KvEntry> get(String key, Consistency consistency) {
        return Futures.join(getAsync(key, consistency));
    }

    /**
     * Reads a key asynchronously with the client's default consistency.
     *
     * @param key the key
     * @return the entry or empty; fails as {@link #get(String)} throws
     */
    public CompletableFuture<Optional<KvEntry>> getAsync(String key) {
        return getAsync(key, consistency);
    }

    /**
     * Reads a key asynchronously.
     *
     * @param key the key
     * @param consistency the read's consistency
     * @return the entry or empty; fails as {@link #get(String)} throws
     */
    public CompletableFuture<Optional<KvEntry>> getAsync(String key, Consistency consistency) {
        return real.get(key, Objects.requireNonNull(consistency, "consistency"));
    }

    /**
     * Writes a value, creating or replacing the key.
     *
     * @param key the key
     * @param value the value's bytes
     * @return the revisions of the write
     * @throws ValueTooLargeException if the value is over the limit
     * @throws OutcomeUnknownException if it may or may not have applied
     * @throws UnavailableException if no node could take the write
     */
    public PutResult put(String key, byte[] value) {
        return Futures.join(putAsync(key, value));
    }

    /**
     * Writes a string as UTF-8.
     *
     * @param key the key
     * @param value the value
     * @return the revisions of the write
     * @see #put(String, byte[])
     */
    public PutResult put(String key, String value) {
        return put(key, utf8(value));
    }

    /**
     * Writes a value encoded by a codec.
     *
     * @param key the key
     * @param value the value
     * @param codec encodes it
     * @param <T> the value type
     * @return the revisions of the write
     * @see #put(String, byte[])
     */
    public <T> PutResult put(String key, T value, KvCodec<T> codec) {
        return put(key, codec.encode(value));
    }

    /**
     * Writes a value asynchronously.
     *
     * @param key the key
     * @param value the value's bytes
     * @return the result; fails as {@link #put(String, byte[])} throws
     */
    public CompletableFuture<PutResult> putAsync(String key, byte[] value) {
        return real.put(key, Objects.requireNonNull(value, "value"), null, false);
    }

    /**
     * Creates a key only if it does not exist ({@code If-None-Match: *}).
     *
     * @param key the key
     * @param value the value's bytes
     * @return the revisions of the create
     * @throws PreconditionFailedException if the key exists (its mod revision attached)
     * @see #put(String, byte[])
     */
    public PutResult putIfAbsent(String key, byte[] value) {
        return Futures.join(putIfAbsentAsync(key, value));
    }

    /**
     * Creates a key with a UTF-8 string value only if it does not exist.
     *
     * @param key the key
     * @param value the value
     * @return the revisions of the create
     * @see #putIfAbsent(String, byte[])
     */
    public PutResult putIfAbsent(String key, String value) {
        return putIfAbsent(key, utf8(value));
    }

    /**
     * Creates a key only if it does not exist, asynchronously.
     *
     * @param key the key
     * @param value the value's bytes
     * @return the result; fails as {@link #putIfAbsent(String, byte[])} throws
     */
    public CompletableFuture<PutResult> putIfAbsentAsync(String key, byte[] value) {
        return real.put(key, Objects.requireNonNull(value, "value"), null, true);
    }

    /**
     * Writes a value only if the key's mod revision is {@code expectedModRevision}
     * ({@code ?prevRevision=}); 0 means "only if absent".
     *
     * @param key the key
     * @param expectedModRevision the mod revision the key must have
     * @param value the value's bytes
     * @return the revisions of the write
     * @throws PreconditionFailedException if the revision differs (the current one attached)
     * @see #put(String, byte[])
     */
    public PutResult compareAndSet(String key, long expectedModRevision, byte[] value) {
        return Futures.join(compareAndSetAsync(key, expectedModRevision, value));
    }

    /**
     * Compare-and-set with a UTF-8 string value.
     *
     * @param key the key
     * @param expectedModRevision the mod revision the key must have
     * @param value the value
     * @return the revisions of the write
     * @see #compareAndSet(String, long, byte[])
     */
    public PutResult compareAndSet(String key, long expectedModRevision, String value) {
        return compareAndSet(key, expectedModRevision, utf8(value));
    }

    /**
     * Compare-and-set, asynchronously.
     *
     * @param key the key
     * @param expectedModRevision the mod revision the key must have
     * @param value the value's bytes
     * @return the result; fails as {@link #compareAndSet(String, long, byte[])} throws
     */
    public CompletableFuture<PutResult> compareAndSetAsync(String key, long expectedModRevision, byte[] value) {
        return real.put(key, Objects.requireNonNull(value, "value"), revision(expectedModRevision), false);
    }

    /**
     * Deletes a key.
     *
     * @param key the key
     * @return whether it existed, and the revision of the delete
     * @throws OutcomeUnknownException if it may or may not have applied
     * @throws UnavailableException if no node could take the delete
     */
    public DeleteResult delete(String key) {
        return Futures.join(deleteAsync(key));
    }

    /**
     * Deletes a key asynchronously.
     *
     * @param key the key
     * @return the result; fails as {@link #delete(String)} throws
     */
    public CompletableFuture<DeleteResult> deleteAsync(String key) {
        return real.delete(key, null);
    }

    /**
     * Deletes a key only if its mod revision is {@code expectedModRevision}.
     *
     * @param key the key
     * @param expectedModRevision the mod revision the key must have (positive)
     * @return the revision of the delete
     * @throws PreconditionFailedException if the revision differs or the key does not exist
     * @see #delete(String)
     */
    public DeleteResult compareAndDelete(String key, long expectedModRevision) {
        return Futures.join(compareAndDeleteAsync(key, expectedModRevision));
    }

    /**
     * Compare-and-delete, asynchronously.
     *
     * @param key the key
     * @param expectedModRevision the mod revision the key must have
     * @return the result; fails as {@link #compareAndDelete(String, long)} throws
     */
    public CompletableFuture<DeleteResult> compareAndDeleteAsync(String key, long expectedModRevision) {
        return real.delete(key, revision(expectedModRevision));
    }

    /**
     * Lists the keys with a prefix and their values, in key order. Lazy: a page (of
     * {@link Builder#listPageSize(int)} keys) is fetched only when the stream reaches it, so
     * {@code limit} and {@code findFirst} cost one page. Paging by key is stable under concurrent
     * writes: a key that exists throughout appears exactly once.
     *
     * @param prefix the prefix; empty for every key
     * @return the entries; a page that cannot be read throws from the stream's terminal operation
     */
    public Stream<KvEntry> list(String prefix) {
        return stream(real.list(prefix, false, consistency));
    }

    /**
     * Lists the keys with a prefix without their values ({@code keysOnly}), lazily.
     *
     * @param prefix the prefix; empty for every key
     * @return the keys in order
     * @see #list(String)
     */
    public Stream<String> listKeys(String prefix) {
        return stream(real.list(prefix, true, consistency)).map(KvEntry::key);
    }

    /**
     * Reads one page of a listing: up to {@link Builder#listPageSize(int)} keys with a prefix and
     * their values, from {@code start} on, in key order. For code that pages by hand, e.g. to hand
     * a cursor to its own caller; {@link #list(String)} pages for you.
     *
     * @param prefix the prefix; empty or null for every key
     * @param start the first key of the page: {@code null} (or empty) for the first page, then the
     *     previous page's {@link KvPage#next()}
     * @return the page
     * @throws UnavailableException if no node answered in time
     */
    public KvPage listPage(String prefix, String start) {
        return Futures.join(listPageAsync(prefix, start));
    }

    /**
     * Reads one page of a listing asynchronously; the async form of {@link #list(String)}, one
     * page per call. Ask for the following page with this page's {@link KvPage#next()} while
     * {@link KvPage#hasMore()}; stop when it is false, since a {@code null} start means the first
     * page again.
     *
     * <pre>{@code
     * CompletableFuture<Void> printAll(String prefix, String start) {
     *     return kv.listPageAsync(prefix, start).thenCompose(page -> {
     *         page.entries().forEach(e -> System.out.println(e.key()));
     *         return page.hasMore() ? printAll(prefix, page.next()) : CompletableFuture.completedFuture(null);
     *     });
     * }
     * }</pre>
     *
     * @param prefix the prefix; empty or null for every key
     * @param start the first key of the page, {@code null} for the first page
     * @return the page; fails as {@link #listPage(String, String)} throws
     * @see #listPage(String, String)
     */
    public CompletableFuture<KvPage> listPageAsync(String prefix, String start) {
        return real.page(prefix, start, false, consistency);
    }

    /**
     * Reads one node's view of the cluster.
     *
     * @return the status
     * @throws UnavailableException if no node answered in time
     */
    public ClusterStatus clusterStatus() {
        return Futures.join(clusterStatusAsync());
    }

    /**
     * Reads one node's view of the cluster asynchronously.
     *
     * @return the status; fails as {@link #clusterStatus()} throws
     */
    public CompletableFuture<ClusterStatus> clusterStatusAsync() {
        return real.clusterStatus();
    }

    /**
     * Returns the leader this client sends writes to, as last learned from {@code X-Kv-Leader}.
     *
     * @return the leader's base URL, or empty while none is known
     */
    public Optional<String> leader() {
        return Optional.ofNullable(real.leader());
    }

    /**
     * Closes the client: unfinished calls fail, its threads stop and, unless the OkHttpClient was
     * the application's own ({@link Builder#okHttpClient(OkHttpClient)}), its connections close.
     * Idempotent; later calls throw {@link IllegalStateException}.
     */
    @Override
    public void close() {
        real.close();
    }

    private static Stream<KvEntry> stream(java.util.Iterator<KvEntry> iterator) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator,
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT), false);
    }

    private static byte[] utf8(String value) {
        return Objects.requireNonNull(value, "value").getBytes(StandardCharsets.UTF_8);
    }

    private static Long revision(long expectedModRevision) {
        if (expectedModRevision < 0) {
            throw new IllegalArgumentException("expectedModRevision must be 0 or more: " + expectedModRevision);
        }
        return expectedModRevision;
    }

    /**
     * Configures a {@link KvClient}. Every option has a default but the endpoints; {@link #build()}
     * validates and names the bad option. Not thread-safe.
     */
    public static final class Builder {
        private final List<HttpUrl> endpoints = new ArrayList<>();
        private Duration callTimeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration readTimeout = Duration.ofSeconds(5);
        private RetryPolicy retryPolicy = RetryPolicy.DEFAULT;
        private CircuitBreakerPolicy circuitBreakerPolicy = CircuitBreakerPolicy.DEFAULT;
        private Consistency consistency = Consistency.LINEARIZABLE;
        private int maxValueBytes = 1024 * 1024;
        private int listPageSize = 1000;
        private OkHttpClient okHttpClient;
        private final List<Interceptor> interceptors = new ArrayList<>();
        private Supplier<String> authorization;
        private SSLSocketFactory sslSocketFactory;
        private X509TrustManager trustManager;
        private KvClientListener listener = KvClientListener.NONE;
        private SharedHttp sharedHttp;

        private Builder() {
        }

        private Builder(Settings s, SharedHttp sharedHttp) {
            endpoints.addAll(s.endpoints());
            callTimeout = s.callTimeout();
            connectTimeout = s.connectTimeout();
            readTimeout = s.readTimeout();
            retryPolicy = s.retryPolicy();
            circuitBreakerPolicy = s.circuitBreakerPolicy();
            consistency = s.consistency();
            maxValueBytes = s.maxValueBytes();
            listPageSize = s.listPageSize();
            okHttpClient = s.okHttpClient();
            interceptors.addAll(s.interceptors());
            authorization = s.authorization();
            sslSocketFactory = s.sslSocketFactory();
            trustManager = s.trustManager();
            listener = s.listener();
            this.sharedHttp = sharedHttp;
        }

        /**
         * Sets the nodes' HTTP base URLs (required, at least one), e.g. {@code http://localhost:8081}.
         * Replaces earlier ones.
         *
         * @param urls the base URLs
         * @return this builder
         */
        public Builder endpoints(String... urls) {
            return endpoints(List.of(urls));
        }

        /**
         * Sets the nodes' HTTP base URLs (required, at least one). Replaces earlier ones.
         *
         * @param urls the base URLs
         * @return this builder
         */
        public Builder endpoints(List<String> urls) {
            endpoints.clear();
            for (String url : urls) {
                HttpUrl parsed = HttpUrl.parse(Objects.requireNonNull(url, "endpoint").endsWith("/") ? url : url + "/");
                if (parsed == null) {
                    throw new IllegalArgumentException("endpoint is not an http(s) URL: " + url);
                }
                endpoints.add(parsed);
            }
            return this;
        }

        /**
         * Sets the per-call deadline, covering every attempt and backoff of one call. Default 10 s;
         * must be positive (never infinite).
         *
         * @param timeout the deadline
         * @return this builder
         */
        public Builder callTimeout(Duration timeout) {
            this.callTimeout = positive(timeout, "callTimeout");
            return this;
        }

        /**
         * Sets the TCP/TLS connect timeout per attempt. Default 2 s; must be positive.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * Sets the read (and write) timeout per attempt: the longest silence on a connection.
         * Default 5 s; must be positive.
         *
         * @param timeout the timeout
         * @return this builder
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "readTimeout");
            return this;
        }

        /**
         * Sets how retryable failures are retried. Default {@link RetryPolicy#DEFAULT}.
         *
         * @param policy the policy; {@link RetryPolicy#NONE} disables retries
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
            return this;
        }

        /**
         * Sets the per-endpoint circuit breaker. Default {@link CircuitBreakerPolicy#DEFAULT}.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder circuitBreaker(CircuitBreakerPolicy policy) {
            this.circuitBreakerPolicy = Objects.requireNonNull(policy, "circuitBreaker");
            return this;
        }

        /**
         * Sets the consistency of reads and listings that do not name one. Default
         * {@link Consistency#LINEARIZABLE}.
         *
         * @param consistency the default
         * @return this builder
         */
        public Builder consistency(Consistency consistency) {
            this.consistency = Objects.requireNonNull(consistency, "consistency");
            return this;
        }

        /**
         * Sets the largest value the client sends; a larger one fails with
         * {@link ValueTooLargeException} before anything is sent. Default 1 MiB (the server's
         * default {@code http.max-value-bytes}); must be positive.
         *
         * @param bytes the limit
         * @return this builder
         */
        public Builder maxValueBytes(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxValueBytes must be positive: " + bytes);
            }
            this.maxValueBytes = bytes;
            return this;
        }

        /**
         * Sets the keys per page a listing fetches. Default 1000; 1 to 10,000.
         *
         * @param keys keys per page
         * @return this builder
         */
        public Builder listPageSize(int keys) {
            if (keys < 1 || keys > 10_000) {
                throw new IllegalArgumentException("listPageSize must be in [1, 10000]: " + keys);
            }
            this.listPageSize = keys;
            return this;
        }

        /**
         * Uses the application's OkHttpClient: the SDK derives its own from it with
         * {@code newBuilder()}, sharing its connection pool and dispatcher and applying this
         * builder's timeouts and hooks. {@link KvClient#close()} then leaves the pool and dispatcher
         * running. Default: the SDK creates and owns a client (or, from {@link KvClient#newBuilder()},
         * shares the original client's).
         *
         * @param client the client
         * @return this builder
         */
        public Builder okHttpClient(OkHttpClient client) {
            this.okHttpClient = Objects.requireNonNull(client, "okHttpClient");
            this.sharedHttp = null;
            return this;
        }

        /**
         * Adds an OkHttp application interceptor (e.g. for tracing or custom auth), run on every
         * attempt. Default none.
         *
         * @param interceptor the interceptor
         * @return this builder
         */
        public Builder addInterceptor(Interceptor interceptor) {
            interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
            return this;
        }

        /**
         * Sets the {@code Authorization} header of every attempt, asked for per attempt so tokens can
         * rotate (a null answer sends none). Default none.
         *
         * @param header supplies the header value, e.g. {@code () -> "Bearer " + token()}
         * @return this builder
         */
        public Builder authorization(Supplier<String> header) {
            this.authorization = Objects.requireNonNull(header, "authorization");
            return this;
        }

        /**
         * Sets the TLS socket factory and trust manager for {@code https} endpoints. Default the
         * JVM's.
         *
         * @param socketFactory the socket factory
         * @param trustManager the trust manager it uses
         * @return this builder
         */
        public Builder tls(SSLSocketFactory socketFactory, X509TrustManager trustManager) {
            this.sslSocketFactory = Objects.requireNonNull(socketFactory, "socketFactory");
            this.trustManager = Objects.requireNonNull(trustManager, "trustManager");
            return this;
        }

        /**
         * Sets the listener for attempts, retries, failovers and leader changes. Default
         * {@link KvClientListener#NONE}.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(KvClientListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Builds the client.
         *
         * @return a new client, which owns threads until {@link KvClient#close()}
         * @throws IllegalStateException if no endpoint was set, or if this builder came from
         *     {@link KvClient#newBuilder()} and every client sharing that pool has closed since
         */
        public KvClient build() {
            if (endpoints.isEmpty()) {
                throw new IllegalStateException("endpoints: set at least one node URL, e.g. http://localhost:8081");
            }
            return new KvClient(new Settings(List.copyOf(endpoints), callTimeout, connectTimeout, readTimeout,
                    retryPolicy, circuitBreakerPolicy, consistency, maxValueBytes, listPageSize, okHttpClient,
                    List.copyOf(interceptors), authorization, sslSocketFactory, trustManager, listener, sharedHttp));
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }
    }
}
