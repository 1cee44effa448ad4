package io.raftkv.client.internal;

import okhttp3.OkHttpClient;

/** Derives the OkHttpClient one KvClient uses from the dispatcher and pool it shares. */
final class HttpClients {
    private HttpClients() {
    }

    /** Applies the client's timeouts and hooks to a client sharing {@code base}'s pool and dispatcher. */
    static OkHttpClient create(Settings s, OkHttpClient base) {
        OkHttpClient.Builder b = base.newBuilder()
                .connectTimeout(s.connectTimeout()).readTimeout(s.readTimeout()).writeTimeout(s.readTimeout())
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
}
