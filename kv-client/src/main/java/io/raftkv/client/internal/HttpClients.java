package io.raftkv.client.internal;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/** Builds the OkHttpClient a KvClient uses, and releases it on close if the SDK created it. */
final class HttpClients {
    private HttpClients() {
    }

    /**
     * Derives the client: from the user's (sharing its pool and dispatcher) or a new one with a
     * dispatcher that lets many async calls reach one leader at once.
     */
    static OkHttpClient create(Settings s, ThreadFactory threads) {
        OkHttpClient.Builder b;
        if (s.okHttpClient() != null) {
            b = s.okHttpClient().newBuilder();
        } else {
            Dispatcher dispatcher = new Dispatcher(new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), threads));
            dispatcher.setMaxRequests(256);
            dispatcher.setMaxRequestsPerHost(128);
            b = new OkHttpClient.Builder().dispatcher(dispatcher).connectionPool(new ConnectionPool(16, 5, TimeUnit.MINUTES));
        }
        b.connectTimeout(s.connectTimeout()).readTimeout(s.readTimeout()).writeTimeout(s.readTimeout())
                .retryOnConnectionFailure(false);
        s.interceptors().forEach(b::addInterceptor);
        if (s.authorization() != null) {
            b.addInterceptor(chain -> {
                String value = s.authorization().get();
                return chain.proceed(value == null ? chain.request()
                        : chain.request().newBuilder().header("Authorization", value).build());
            });
        }
        if (s.sslSocketFactory() != null) {
            b.sslSocketFactory(s.sslSocketFactory(), s.trustManager());
        }
        return b.build();
    }

    /** Cancels calls, stops the dispatcher's threads and closes pooled connections. */
    static void release(OkHttpClient client) {
        client.dispatcher().cancelAll();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
