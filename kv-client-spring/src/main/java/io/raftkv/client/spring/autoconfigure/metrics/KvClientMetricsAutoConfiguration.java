package io.raftkv.client.spring.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.raftkv.client.spring.autoconfigure.ConditionalOnKvClientEnabled;
import io.raftkv.client.spring.metrics.MicrometerKvClientListener;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures {@link MicrometerKvClientListener} when Micrometer is on the classpath and the
 * application has a {@link MeterRegistry} bean. The listener is a
 * {@link io.raftkv.client.KvClientListener} bean, so the auto-configured client receives it
 * together with the application's own listener beans.
 */
@AutoConfiguration(afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnKvClientEnabled
@ConditionalOnBean(MeterRegistry.class)
public final class KvClientMetricsAutoConfiguration {

    KvClientMetricsAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    MicrometerKvClientListener kvClientMetricsListener(MeterRegistry registry) {
        return new MicrometerKvClientListener(registry);
    }
}
