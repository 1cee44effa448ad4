package io.raftkv.client.internal;

import io.raftkv.client.CircuitBreakerPolicy;
import io.raftkv.client.Consistency;
import io.raftkv.client.KvClientListener;
import io.raftkv.client.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * A {@code KvClient.Builder}'s validated options, handed to the implementation.
 *
 * @param endpoints the nodes' base URLs, each ending in '/'
 * @param callTimeout the per-call deadline
 * @param connectTimeout the connect timeout
 * @param readTimeout the read (and write) timeout
 * @param retryPolicy the retry policy
 * @param circuitBreakerPolicy the per-endpoint breaker
 * @param consistency the default read consistency
 * @param maxValueBytes the largest value sent
 * @param listPageSize keys per listing page
 * @param okHttpClient the user's client, or null to create one
 * @param interceptors extra application interceptors
 * @param authorization supplies the Authorization header per request, or null
 * @param sslSocketFactory TLS socket factory, or null
 * @param trustManager its trust manager, or null
 * @param listener the listener
 * @param sharedHttp the dispatcher and pool of the client this one was derived from
 *     ({@code newBuilder()}), or null
 */
public record Settings(List<HttpUrl> endpoints, Duration callTimeout, Duration connectTimeout, Duration readTimeout,
                       RetryPolicy retryPolicy, CircuitBreakerPolicy circuitBreakerPolicy, Consistency consistency,
                       int maxValueBytes, int listPageSize, OkHttpClient okHttpClient, List<Interceptor> interceptors,
                       Supplier<String> authorization, SSLSocketFactory sslSocketFactory,
                       X509TrustManager trustManager, KvClientListener listener, SharedHttp sharedHttp) {
}
