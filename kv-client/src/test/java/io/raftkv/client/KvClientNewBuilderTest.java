package io.raftkv.client;

import static io.raftkv.client.TestClients.fast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KvClientNewBuilderTest {
    private final MockWebServer server = new MockWebServer();
    private final TestClients.RecordingListener listener = new TestClients.RecordingListener();
    private KvClient original;

    @BeforeEach
    void start() throws Exception {
        server.start();
        original = fast(server.url("/").toString()).consistency(Consistency.SERIALIZABLE)
                .authorization(() -> "Bearer t0ken")
                .addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
                        .addHeader("X-Trace", "on").build()))
                .listener(listener).build();
    }

    @AfterEach
    void stop() {
        original.close();
        server.close();
    }

    @Test
    void aDerivedClientHasTheOriginalsOptionsOnceAndReusesItsConnection() throws Exception {
        server.enqueue(value());
        server.enqueue(value());
        original.get("k");

        try (KvClient derived = original.newBuilder().build()) {
            derived.get("k");
        }

        RecordedRequest first = taken();
        RecordedRequest second = taken();
        assertThat(second.getConnectionIndex()).isEqualTo(first.getConnectionIndex());
        assertThat(second.getExchangeIndex()).isEqualTo(1);
        assertThat(second.getUrl().queryParameter("consistency")).isEqualTo("serializable");
        assertThat(second.getHeaders().values("Authorization")).containsExactly("Bearer t0ken");
        assertThat(second.getHeaders().values("X-Trace")).containsExactly("on");
        assertThat(listener.events).containsExactly("start GET", "end GET 200", "start GET", "end GET 200");
    }

    @Test
    void whatTheDerivedBuilderChangesLeavesTheOriginalAlone() throws Exception {
        server.enqueue(value());
        server.enqueue(value());

        try (KvClient derived = original.newBuilder().consistency(Consistency.LINEARIZABLE).build()) {
            derived.get("k");
        }
        original.get("k");

        assertThat(taken().getUrl().queryParameter("consistency")).isEqualTo("linearizable");
        assertThat(taken().getUrl().queryParameter("consistency")).isEqualTo("serializable");
    }

    @Test
    void theSharedDispatcherOutlivesTheOriginalAndStopsWithTheLastClient() {
        server.enqueue(value());
        server.enqueue(value());
        KvClient derived = original.newBuilder().build();
        original.get("k");

        original.close();
        assertThatThrownBy(original::newBuilder).isInstanceOf(IllegalStateException.class);
        assertThat(derived.get("k")).isPresent();

        KvClient.Builder fromDerived = derived.newBuilder();
        derived.close();
        listener.threads.remove(Thread.currentThread());
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.threads.stream().noneMatch(Thread::isAlive));
        assertThatThrownBy(fromDerived::build).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("newBuilder()");
    }

    private static MockResponse value() {
        return new MockResponse.Builder().body("v").build();
    }

    private RecordedRequest taken() throws InterruptedException {
        return server.takeRequest(1, TimeUnit.SECONDS);
    }
}
