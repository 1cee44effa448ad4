package io.raftkv.client.spring.autoconfigure;

import io.raftkv.client.CircuitBreakerPolicy;
import io.raftkv.client.KvClient;
import io.raftkv.client.KvClientListener;
import io.raftkv.client.RetryPolicy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures a {@link KvClient} from the {@code kv.client.*} properties
 * ({@link KvClientProperties}), unless the application defines its own. The client is closed
 * when the context shuts down. {@link KvClientCustomizer} beans tune the builder, and every
 * {@link KvClientListener} bean receives the client's events.
 */
@AutoConfiguration
@ConditionalOnClass(KvClient.class)
@ConditionalOnKvClientEnabled
@EnableConfigurationProperties(KvClientProperties.class)
public final class KvClientAutoConfiguration {

    KvClientAutoConfiguration() {
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    KvClient kvClient(KvClientProperties properties, ObjectProvider<KvClientListener> listeners,
                      ObjectProvider<KvClientCustomizer> customizers) {
        KvClient.Builder builder = builder(properties)
                .listener(CompositeKvClientListener.of(listeners.orderedStream().toList()));
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    /** A builder holding every property; the SDK validates each and names the bad one. */
    static KvClient.Builder builder(KvClientProperties properties) {
        if (properties.getEndpoints().isEmpty()) {
            throw new IllegalStateException("kv.client.endpoints: set at least one node URL, e.g. http://localhost:8081");
        }
        KvClient.Builder builder = KvClient.builder()
                .endpoints(properties.getEndpoints())
                .callTimeout(properties.getCallTimeout())
                .connectTimeout(properties.getConnectTimeout())
                .readTimeout(properties.getReadTimeout())
                .consistency(properties.getConsistency())
                .maxValueBytes(Math.toIntExact(properties.getMaxValueSize().toBytes()))
                .listPageSize(properties.getListPageSize())
                .retryPolicy(retryPolicy(properties.getRetry()))
                .circuitBreaker(circuitBreakerPolicy(properties.getCircuitBreaker()));
        String authorization = properties.getAuthorization();
        if (authorization != null && !authorization.isBlank()) {
            builder.authorization(() -> authorization);
        }
        return builder;
    }

    private static RetryPolicy retryPolicy(KvClientProperties.Retry retry) {
        return new RetryPolicy(retry.getMaxAttempts(), retry.getInitialBackoff(), retry.getMaxBackoff(),
                retry.getMultiplier(), retry.getJitter());
    }

    private static CircuitBreakerPolicy circuitBreakerPolicy(KvClientProperties.CircuitBreaker breaker) {
        return new CircuitBreakerPolicy(breaker.getFailureRatePercent(), breaker.getWindowSize(),
                breaker.getMinimumCalls(), breaker.getOpenDuration());
    }
}
