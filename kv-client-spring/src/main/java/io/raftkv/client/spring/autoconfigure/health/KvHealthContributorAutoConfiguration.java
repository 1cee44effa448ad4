package io.raftkv.client.spring.autoconfigure.health;

import io.raftkv.client.KvClient;
import io.raftkv.client.spring.autoconfigure.ConditionalOnKvClientEnabled;
import io.raftkv.client.spring.autoconfigure.KvClientAutoConfiguration;
import io.raftkv.client.spring.autoconfigure.KvClientProperties;
import io.raftkv.client.spring.health.KvHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the {@code kv} health indicator ({@link KvHealthIndicator}) when Spring Boot's
 * health support ({@code spring-boot-health}, part of the actuator) is on the classpath, there
 * is one {@link KvClient} bean, and {@code management.health.kv.enabled} is not {@code false}.
 */
@AutoConfiguration(after = KvClientAutoConfiguration.class)
@ConditionalOnClass({KvHealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnKvClientEnabled
@ConditionalOnSingleCandidate(KvClient.class)
public final class KvHealthContributorAutoConfiguration {

    KvHealthContributorAutoConfiguration() {
    }

    /** The switch sits on the method: on the class, its condition would be loaded before the class check ran. */
    @Bean
    @ConditionalOnEnabledHealthIndicator("kv")
    @ConditionalOnMissingBean(name = {"kvHealthIndicator", "kvHealthContributor"})
    KvHealthIndicator kvHealthIndicator(KvClient client, KvClientProperties properties) {
        return new KvHealthIndicator(client, properties.getHealth().getTimeout());
    }
}
