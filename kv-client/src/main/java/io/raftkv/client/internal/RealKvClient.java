package io.raftkv.client.internal;

import io.raftkv.client.ClusterStatus;
import io.raftkv.client.Consistency;
import io.raftkv.client.DeleteResult;
import io.raftkv.client.KvEntry;
import io.raftkv.client.KvOperation;
import io.raftkv.client.KvPage;
import io.raftkv.client.PreconditionFailedException;
import io.raftkv.client.PutResult;
import io.raftkv.client.ValueTooLargeException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;

/** The implementation behind {@code KvClient}: each operation as an HTTP call run by the engine. */
public final class RealKvClient implements AutoCloseable {
    private static final AtomicInteger CLIENTS = new AtomicInteger();
    private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");

    private final Settings settings;
    private final SharedHttp sharedHttp;
    private final OkHttpClient http;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Endpoints endpoints;
    private final CallEngine engine;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Creates the client's threads, HTTP client, endpoints and engine.
     *
     * @param settings the validated options
     */
    public RealKvClient(Settings settings) {
        this.settings = settings;
        String name = "raftkv-client-" + CLIENTS.incrementAndGet();
        this.sharedHttp = settings.sharedHttp() != null ? settings.sharedHttp()
                : settings.okHttpClient() != null ? SharedHttp.of(settings.okHttpClient())
                : SharedHttp.create(threads(name + "-http"));
        this.http = HttpClients.create(settings, sharedHttp.acquire());
        this.scheduler = new ScheduledThreadPoolExecutor(1, threads(name + "-retry"));
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.endpoints = new Endpoints(settings.endpoints(), http, settings.circuitBreakerPolicy(), settings.listener());
        this.engine = new CallEngine(endpoints, settings, scheduler);
    }

    /**
     * Reads a key.
     *
     * @param key the key
     * @param consistency the read's consistency
     * @return the entry, or empty if the key does not exist
     */
    public CompletableFuture<Optional<KvEntry>> get(String key, Consistency consistency) {
        String path = open(key);
        return engine.execute(KvOperation.GET, key, null, api -> api.get(path, query(consistency)),
                (endpoint, status, headers, body) -> {
                    if (status == 200) {
                        return Optional.of(Answers.entry(key, headers, body));
                    }
                    AttemptFailure f = Errors.answer(endpoint, status, headers, body);
                    if ("KEY_NOT_FOUND".equals(f.code())) {
                        return Optional.empty();
                    }
                    throw f;
                });
    }

    /**
     * Writes a key.
     *
     * @param key the key
     * @param value the value
     * @param prevRevision compare-and-set on this mod revision, or null
     * @param createOnly whether to send {@code If-None-Match: *}
     * @return the result
     */
    public CompletableFuture<PutResult> put(String key, byte[] value, Long prevRevision, boolean createOnly) {
        String path = open(key);
        if (value.length > settings.maxValueBytes()) {
            return CompletableFuture.failedFuture(new ValueTooLargeException("the value for key '" + key + "' is "
                    + value.length + " bytes, over the client's maxValueBytes of " + settings.maxValueBytes()
                    + "; nothing was sent. Store a smaller value or raise maxValueBytes (the server's limit is "
                    + "http.max-value-bytes, 1 MiB by default)."));
        }
        RequestBody body = RequestBody.create(value.clone(), OCTET_STREAM);
        String idempotencyKey = UUID.randomUUID().toString();
        return engine.execute(KvOperation.PUT, key, idempotencyKey,
                api -> api.put(path, prevRevision, createOnly ? "*" : null, idempotencyKey, body),
                (endpoint, status, headers, json) -> {
                    if (status == 200 || status == 201) {
                        return Answers.put(key, status, headers, json);
                    }
                    throw Errors.answer(endpoint, status, headers, json);
                });
    }

    /**
     * Deletes a key.
     *
     * @param key the key
     * @param prevRevision delete only at this mod revision, or null
     * @return the result; not deleted if the key did not exist (plain delete only)
     */
    public CompletableFuture<DeleteResult> delete(String key, Long prevRevision) {
        String path = open(key);
        String idempotencyKey = UUID.randomUUID().toString();
        return engine.execute(KvOperation.DELETE, key, idempotencyKey,
                api -> api.delete(path, prevRevision, idempotencyKey),
                (endpoint, status, headers, body) -> {
                    if (status == 200) {
                        return Answers.delete(key, headers, body);
                    }
                    AttemptFailure f = Errors.answer(endpoint, status, headers, body);
                    if (!"KEY_NOT_FOUND".equals(f.code())) {
                        throw f;
                    }
                    if (prevRevision != null) {
                        throw new AttemptFailure(AttemptFailure.Kind.DEFINITE, endpoint, f.code(),
                                java.time.Duration.ZERO, new PreconditionFailedException("key '" + key
                                        + "' does not exist, so its mod revision is not " + prevRevision
                                        + ". Nothing changed.", 0));
                    }
                    return new DeleteResult(key, false, 0, false);
                });
    }

    /**
     * Lists keys lazily: a page is fetched when the iterator needs it.
     *
     * @param prefix only keys with this prefix; null or empty for all
     * @param keysOnly leave values out
     * @param consistency the reads' consistency
     * @return the entries in key order
     */
    public Iterator<KvEntry> list(String prefix, boolean keysOnly, Consistency consistency) {
        ensureOpen();
        return new Iterator<>() {
            private Iterator<KvEntry> current = List.<KvEntry>of().iterator();
            private String start;
            private boolean last;

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && !last) {
                    KvPage page = Futures.join(page(prefix, start, keysOnly, consistency));
                    current = page.entries().iterator();
                    start = page.next();
                    last = start == null;
                }
                return current.hasNext();
            }

            @Override
            public KvEntry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /**
     * Reads the answering node's view of the cluster.
     *
     * @return the status
     */
    public CompletableFuture<ClusterStatus> clusterStatus() {
        ensureOpen();
        return engine.execute(KvOperation.CLUSTER_STATUS, null, null, KvApi::clusterStatus,
                (endpoint, status, headers, body) -> {
                    if (status == 200) {
                        return Answers.clusterStatus(body);
                    }
                    throw Errors.answer(endpoint, status, headers, body);
                });
    }

    /**
     * The leader as last learned.
     *
     * @return its base URL, or null
     */
    public String leader() {
        return endpoints.leader();
    }

    /**
     * The dispatcher and pool this client uses, for a client derived from it.
     *
     * @return what {@code Settings.sharedHttp} of the derived client should be
     */
    public SharedHttp sharedHttp() {
        return sharedHttp;
    }

    /**
     * Fails unfinished calls, stops the retry thread and gives up its share of the dispatcher and
     * pool (released with the last client sharing them, if the SDK created them).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        scheduler.shutdownNow();
        engine.failAll();
        sharedHttp.release();
    }

    /**
     * Reads one listing page of up to {@code listPageSize} keys.
     *
     * @param prefix only keys with this prefix; null or empty for all
     * @param start the first key to read, as the previous page's {@code next}; null or empty for the first page
     * @param keysOnly leave values out
     * @param c the read's consistency
     * @return the page
     */
    public CompletableFuture<KvPage> page(String prefix, String start, boolean keysOnly, Consistency c) {
        ensureOpen();
        String p = prefix == null || prefix.isEmpty() ? null : prefix;
        String s = start == null || start.isEmpty() ? null : start;
        return engine.execute(KvOperation.LIST, p, null,
                api -> api.list(p, s, settings.listPageSize(), keysOnly ? Boolean.TRUE : null, query(c)),
                (endpoint, status, headers, body) -> {
                    if (status == 200) {
                        return Answers.page(body);
                    }
                    throw Errors.answer(endpoint, status, headers, body);
                });
    }

    private String open(String key) {
        ensureOpen();
        return Keys.encode(key);
    }

    /**
     * Whether {@link #close()} has run.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed.get();
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this KvClient is closed; build a new one");
        }
    }

    private static String query(Consistency consistency) {
        return consistency.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
