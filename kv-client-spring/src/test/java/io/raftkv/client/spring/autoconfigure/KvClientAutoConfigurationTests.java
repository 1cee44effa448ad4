package io.raftkv.client.spring.autoconfigure;

import static io.raftkv.client.spring.Answers.noLeader;
import static io.raftkv.client.spring.Answers.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftkv.client.KvClient;
import io.raftkv.client.KvClientListener;
import io.raftkv.client.KvOperation;
import io.raftkv.client.UnavailableException;
import io.raftkv.client.ValueTooLargeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.annotation.Order;

class KvClientAutoConfigurationTests {
    private final MockWebServer server = new MockWebServer();
    private ApplicationContextRunner runner;

    @BeforeEach
    void start() throws Exception {
        server.start();
        runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KvClientAutoConfiguration.class))
                .withPropertyValues("kv.client.endpoints=" + server.url("/"), "kv.client.retry.initial-backoff=1ms");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldCreateAClientOfTheConfiguredEndpoints() throws Exception {
        server.enqueue(value("hello"));

        runner.run(context -> {
            assertThat(context).hasSingleBean(KvClient.class);
            assertThat(context.getBean(KvClient.class).get("greeting")).hasValueSatisfying(
                    e -> assertThat(e.valueAsString()).isEqualTo("hello"));
        });
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/api/v1/kv/greeting");
    }

    @Test
    void shouldBackOffWhenDisabled() {
        runner.withPropertyValues("kv.client.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(KvClient.class));
    }

    @Test
    void shouldUseTheApplicationsOwnClient() {
        KvClient own = KvClient.builder().endpoints("http://localhost:1").build();

        runner.withBean(KvClient.class, () -> own)
                .run(context -> assertThat(context).getBean(KvClient.class).isSameAs(own));
    }

    @Test
    void shouldFailNamingThePropertyWhenNoEndpointIsSet() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(KvClientAutoConfiguration.class))
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("kv.client.endpoints"));
    }

    @Test
    void shouldCloseTheClientWhenTheContextCloses() {
        KvClient[] client = new KvClient[1];

        runner.run(context -> client[0] = context.getBean(KvClient.class));

        assertThatThrownBy(() -> client[0].get("k")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void shouldApplyConsistencyAuthorizationAndPageSize() throws Exception {
        server.enqueue(value("v"));
        server.enqueue(new mockwebserver3.MockResponse.Builder().code(200)
                .body("{\"kvs\":[],\"count\":0,\"more\":false}").build());

        runner.withPropertyValues("kv.client.consistency=serializable", "kv.client.authorization=Bearer abc",
                "kv.client.list-page-size=7").run(context -> {
                    KvClient client = context.getBean(KvClient.class);
                    client.get("k");
                    assertThat(client.listKeys("p/").toList()).isEmpty();
                });

        RecordedRequest get = server.takeRequest();
        assertThat(get.getUrl().queryParameter("consistency")).isEqualTo("serializable");
        assertThat(get.getHeaders().get("Authorization")).isEqualTo("Bearer abc");
        assertThat(server.takeRequest().getUrl().queryParameter("limit")).isEqualTo("7");
    }

    @Test
    void shouldApplyTheRetryPolicy() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(noLeader());
        }

        runner.withPropertyValues("kv.client.retry.max-attempts=2").run(context ->
                assertThatThrownBy(() -> context.getBean(KvClient.class).get("k"))
                        .isInstanceOf(UnavailableException.class));

        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void shouldApplyTheMaxValueSize() {
        runner.withPropertyValues("kv.client.max-value-size=4B").run(context ->
                assertThatThrownBy(() -> context.getBean(KvClient.class).put("k", "12345"))
                        .isInstanceOf(ValueTooLargeException.class));

        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void shouldRejectBadTimeoutsAndPoliciesNamingTheOption() {
        runner.withPropertyValues("kv.client.call-timeout=0s")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("callTimeout"));
        runner.withPropertyValues("kv.client.read-timeout=-1s")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("readTimeout"));
        runner.withPropertyValues("kv.client.connect-timeout=0s")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("connectTimeout"));
        runner.withPropertyValues("kv.client.circuit-breaker.minimum-calls=11")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("minimumCalls"));
        runner.withPropertyValues("kv.client.retry.jitter=2")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("jitter"));
    }

    @Test
    void shouldApplyCustomizersInOrder() throws Exception {
        server.enqueue(value("v"));
        List<String> order = new CopyOnWriteArrayList<>();

        runner.withBean("second", KvClientCustomizer.class, () -> new Second(order))
                .withBean("first", KvClientCustomizer.class, () -> new First(order))
                .run(context -> context.getBean(KvClient.class).get("k"));

        assertThat(order).containsExactly("first", "second");
        assertThat(server.takeRequest().getHeaders().get("X-Customized")).isEqualTo("second");
    }

    @Test
    void shouldHandEveryEventToEveryListenerBean() {
        server.enqueue(value("v"));
        List<String> events = new CopyOnWriteArrayList<>();

        runner.withBean("a", KvClientListener.class, () -> recording("a", events))
                .withBean("b", KvClientListener.class, () -> recording("b", events))
                .run(context -> context.getBean(KvClient.class).get("k"));

        assertThat(events).containsExactlyInAnyOrder("a:GET:200", "b:GET:200");
    }

    private static KvClientListener recording(String name, List<String> events) {
        return new KvClientListener() {
            @Override
            public void requestEnd(String endpoint, KvOperation operation, int status, Duration duration) {
                events.add(name + ":" + operation + ":" + status);
            }
        };
    }

    @Order(1)
    private record First(List<String> order) implements KvClientCustomizer {
        @Override
        public void customize(KvClient.Builder builder) {
            order.add("first");
            builder.addInterceptor(chain -> chain.proceed(chain.request().newBuilder().header("X-Customized", "first").build()));
        }
    }

    @Order(2)
    private record Second(List<String> order) implements KvClientCustomizer {
        @Override
        public void customize(KvClient.Builder builder) {
            order.add("second");
            builder.addInterceptor(chain -> chain.proceed(chain.request().newBuilder().header("X-Customized", "second").build()));
        }
    }
}
