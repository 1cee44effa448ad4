package io.raftkv.client.spring.health;

import static io.raftkv.client.spring.Answers.clusterStatus;
import static org.assertj.core.api.Assertions.assertThat;

import io.raftkv.client.KvClient;
import io.raftkv.client.spring.autoconfigure.KvClientAutoConfiguration;
import io.raftkv.client.spring.autoconfigure.health.KvHealthContributorAutoConfiguration;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class KvHealthContributorAutoConfigurationTests {
    private final MockWebServer server = new MockWebServer();
    private ApplicationContextRunner runner;

    @BeforeEach
    void start() throws Exception {
        server.start();
        runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KvClientAutoConfiguration.class,
                        KvHealthContributorAutoConfiguration.class))
                .withPropertyValues("kv.client.endpoints=" + server.url("/"), "kv.client.retry.max-attempts=1");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldReportUpWithTheLeaderTermAndReachableMembers() {
        server.enqueue(clusterStatus("http://127.0.0.1:8082", 4));

        runner.run(context -> {
            Health health = context.getBean(KvHealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("leader", "http://127.0.0.1:8082")
                    .containsEntry("leaderId", "node-2").containsEntry("term", 4L).containsEntry("node", "node-1")
                    .containsEntry("members", 3).containsEntry("membersReachable", 2L);
        });
    }

    @Test
    void shouldReportDownWhileNoLeaderIsKnown() {
        server.enqueue(clusterStatus(null, 5));

        runner.run(context -> {
            Health health = context.getBean(KvHealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("term", 5L).doesNotContainKey("leader");
        });
    }

    @Test
    void shouldReportDownWhenNoNodeAnswers() {
        server.close();

        runner.run(context -> {
            Health health = context.getBean(KvHealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsKey("error");
        });
    }

    @Test
    void shouldReportDownWhenTheStatusTakesLongerThanTheTimeout() {
        server.enqueue(clusterStatus("http://127.0.0.1:8082", 4).newBuilder().headersDelay(5, TimeUnit.SECONDS).build());

        runner.withPropertyValues("kv.client.health.timeout=200ms").run(context -> {
            long start = System.nanoTime();
            Health health = context.getBean(KvHealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(health.getDetails().get("error").toString()).contains("200 ms");
        });
    }

    @Test
    void shouldBackOffWhenTheIndicatorIsDisabled() {
        runner.withPropertyValues("management.health.kv.enabled=false")
                .run(context -> assertThat(context).hasSingleBean(KvClient.class).doesNotHaveBean(KvHealthIndicator.class));
    }

    @Test
    void shouldBackOffWhenTheStarterIsDisabled() {
        runner.withPropertyValues("kv.client.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(KvHealthIndicator.class));
    }

    @Test
    void shouldBackOffWithoutSpringBootHealthOnTheClasspath() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(KvClient.class)
                        .doesNotHaveBean("kvHealthIndicator"));
    }

    @Test
    void shouldUseTheApplicationsOwnIndicator() {
        HealthIndicator own = () -> Health.up().build();

        runner.withBean("kvHealthIndicator", HealthIndicator.class, () -> own)
                .run(context -> assertThat(context).doesNotHaveBean(KvHealthIndicator.class)
                        .getBean("kvHealthIndicator").isSameAs(own));
    }

    @Test
    void shouldBackOffWithoutAClient() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KvHealthContributorAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(KvHealthIndicator.class));
    }
}
