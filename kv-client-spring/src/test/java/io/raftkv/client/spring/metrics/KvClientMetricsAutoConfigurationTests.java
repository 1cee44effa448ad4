package io.raftkv.client.spring.metrics;

import static io.raftkv.client.spring.Answers.noLeader;
import static io.raftkv.client.spring.Answers.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.raftkv.client.KvClient;
import io.raftkv.client.KvClientListener;
import io.raftkv.client.KvOperation;
import io.raftkv.client.spring.autoconfigure.KvClientAutoConfiguration;
import io.raftkv.client.spring.autoconfigure.metrics.KvClientMetricsAutoConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class KvClientMetricsAutoConfigurationTests {
    private final MockWebServer first = new MockWebServer();
    private final MockWebServer second = new MockWebServer();
    private ApplicationContextRunner runner;

    @BeforeEach
    void start() throws Exception {
        first.start();
        second.start();
        runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KvClientAutoConfiguration.class,
                        KvClientMetricsAutoConfiguration.class))
                .withPropertyValues("kv.client.endpoints=" + first.url("/") + "," + second.url("/"),
                        "kv.client.retry.initial-backoff=1ms");
    }

    @AfterEach
    void stop() {
        first.close();
        second.close();
    }

    @Test
    void shouldTimeEachAttemptByOperationAndStatus() {
        first.enqueue(value("v"));
        second.enqueue(value("v"));

        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            context.getBean(KvClient.class).get("k");
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get(MicrometerKvClientListener.REQUESTS).tag("operation", "get").tag("status", "200")
                    .timer().count()).isEqualTo(1);
        });
    }

    @Test
    void shouldCountRetriesAndFailovers() {
        first.enqueue(noLeader());
        second.enqueue(noLeader());
        first.enqueue(value("v"));
        second.enqueue(value("v"));

        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            context.getBean(KvClient.class).get("k");
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            int retried = first.getRequestCount() + second.getRequestCount() - 1;
            assertThat(retried).isPositive();
            assertThat(registry.get(MicrometerKvClientListener.RETRIES).tag("operation", "get").counter().count())
                    .isEqualTo(retried);
            assertThat(registry.get(MicrometerKvClientListener.REQUESTS).tag("status", "503").timers().stream()
                    .mapToLong(Timer::count).sum()).isEqualTo(retried); // one timer per endpoint
            assertThat(registry.get(MicrometerKvClientListener.FAILOVERS).counters()).isNotEmpty()
                    .allSatisfy(c -> assertThat(c.getId().getTag("from")).isNotEqualTo(c.getId().getTag("to")));
        });
    }

    @Test
    void shouldCountLeaderChanges() {
        first.enqueue(value("v").newBuilder().setHeader("X-Kv-Leader", second.url("/").toString()).build());
        second.enqueue(value("v").newBuilder().setHeader("X-Kv-Leader", second.url("/").toString()).build());

        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            context.getBean(KvClient.class).get("k");
            assertThat(context.getBean(MeterRegistry.class).get(MicrometerKvClientListener.LEADER_CHANGES)
                    .counter().count()).isEqualTo(1);
        });
    }

    @Test
    void shouldComposeWithTheApplicationsOwnListener() {
        first.enqueue(value("v"));
        second.enqueue(value("v"));
        List<KvOperation> seen = new CopyOnWriteArrayList<>();
        KvClientListener own = new KvClientListener() {
            @Override
            public void requestEnd(String endpoint, KvOperation operation, int status, Duration duration) {
                seen.add(operation);
            }
        };

        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).withBean(KvClientListener.class, () -> own)
                .run(context -> {
                    context.getBean(KvClient.class).get("k");
                    assertThat(seen).containsExactly(KvOperation.GET);
                    assertThat(context.getBean(MeterRegistry.class).get(MicrometerKvClientListener.REQUESTS)
                            .timer().count()).isEqualTo(1);
                });
    }

    @Test
    void shouldBackOffWithoutAMeterRegistry() {
        runner.run(context -> assertThat(context).hasSingleBean(KvClient.class)
                .doesNotHaveBean(MicrometerKvClientListener.class));
    }

    @Test
    void shouldBackOffWithoutMicrometerOnTheClasspath() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer"))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(KvClient.class)
                        .doesNotHaveBean("kvClientMetricsListener"));
    }

    @Test
    void shouldBackOffWhenTheStarterIsDisabled() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).withPropertyValues("kv.client.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MicrometerKvClientListener.class));
    }
}
