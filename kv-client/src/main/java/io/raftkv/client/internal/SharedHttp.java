package io.raftkv.client.internal;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The dispatcher and connection pool that a client and the clients derived from it with
 * {@code KvClient.newBuilder()} share. Counted: the SDK releases what it created when the last
 * client using it closes; an application's own OkHttpClient is never released. Thread-safe.
 */
public final class SharedHttp {
    private static final int MAX_REQUESTS = 256;
    private final OkHttpClient base;
    private final boolean owned;
    private final AtomicInteger users = new AtomicInteger();

    private SharedHttp(OkHttpClient base, boolean owned) {
        this.base = base;
        this.owned = owned;
    }

    /**
     * A dispatcher that lets many async calls reach one leader at once (OkHttp's default is 5 per
     * host), and a pool that keeps idle as many connections as may run at once: a smaller pool
     * closes the connections over its limit each time concurrency dips, and under a steady load of
     * 64 calls that meant thousands of new connections a second.
     */
    static SharedHttp create(ThreadFactory threads) {
        Dispatcher dispatcher = new Dispatcher(new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), threads));
        dispatcher.setMaxRequests(MAX_REQUESTS);
        dispatcher.setMaxRequestsPerHost(128);
        return new SharedHttp(new OkHttpClient.Builder().dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(MAX_REQUESTS, 5, TimeUnit.MINUTES)).build(), true);
    }

    /** The application's client: used, never released. */
    static SharedHttp of(OkHttpClient applications) {
        return new SharedHttp(applications, false);
    }

    /**
     * Counts one more client and returns the base to derive its OkHttpClient from.
     *
     * @throws IllegalStateException if every client that used it has closed (it is released)
     */
    OkHttpClient acquire() {
        int before = users.getAndUpdate(n -> n < 0 ? n : n + 1);
        if (before < 0) {
            throw new IllegalStateException("the KvClient this builder came from (newBuilder()), and every client "
                    + "derived from it, are closed, so their connections are gone; call newBuilder() on an open "
                    + "client or use KvClient.builder()");
        }
        return base;
    }

    /** Counts one client fewer; the last one out cancels the SDK's calls, stops its threads, closes its connections. */
    void release() {
        if (users.updateAndGet(n -> n == 1 ? -1 : n - 1) == -1 && owned) {
            base.dispatcher().cancelAll();
            base.dispatcher().executorService().shutdown();
            base.connectionPool().evictAll();
        }
    }
}
