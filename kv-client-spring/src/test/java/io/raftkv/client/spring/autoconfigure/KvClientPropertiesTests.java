package io.raftkv.client.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.client.CircuitBreakerPolicy;
import io.raftkv.client.KvClient;
import io.raftkv.client.RetryPolicy;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

/** The properties' defaults are the SDK's, so an application that sets nothing gets the SDK as documented. */
class KvClientPropertiesTests {
    private final KvClientProperties properties = new KvClientProperties();

    @Test
    void timeoutsConsistencyAndSizesHaveTheBuildersDefaults() throws Exception {
        KvClient.Builder builder = KvClient.builder();

        assertThat(properties.getCallTimeout()).isEqualTo(field(builder, "callTimeout"));
        assertThat(properties.getConnectTimeout()).isEqualTo(field(builder, "connectTimeout"));
        assertThat(properties.getReadTimeout()).isEqualTo(field(builder, "readTimeout"));
        assertThat(properties.getConsistency()).isEqualTo(field(builder, "consistency"));
        assertThat(properties.getMaxValueSize().toBytes()).isEqualTo((long) (int) field(builder, "maxValueBytes"));
        assertThat(properties.getListPageSize()).isEqualTo(field(builder, "listPageSize"));
    }

    @Test
    void retryHasTheSdksDefaultPolicy() {
        KvClientProperties.Retry retry = properties.getRetry();

        assertThat(new RetryPolicy(retry.getMaxAttempts(), retry.getInitialBackoff(), retry.getMaxBackoff(),
                retry.getMultiplier(), retry.getJitter())).isEqualTo(RetryPolicy.DEFAULT);
    }

    @Test
    void circuitBreakerHasTheSdksDefaultPolicy() {
        KvClientProperties.CircuitBreaker breaker = properties.getCircuitBreaker();

        assertThat(new CircuitBreakerPolicy(breaker.getFailureRatePercent(), breaker.getWindowSize(),
                breaker.getMinimumCalls(), breaker.getOpenDuration())).isEqualTo(CircuitBreakerPolicy.DEFAULT);
    }

    /** The builder keeps its defaults in private fields; reading them pins ours to the SDK's. */
    private static Object field(KvClient.Builder builder, String name) throws Exception {
        Field field = KvClient.Builder.class.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(builder);
    }
}
