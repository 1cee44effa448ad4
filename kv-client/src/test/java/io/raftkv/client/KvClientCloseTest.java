package io.raftkv.client;

import static io.raftkv.client.TestClients.fast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KvClientCloseTest {
    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws Exception {
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void closeStopsTheClientsThreadsAndRefusesLaterCalls() {
        server.enqueue(TestClients.error(503, "NO_LEADER"));
        server.enqueue(new MockResponse.Builder().body("v").build());
        TestClients.RecordingListener listener = new TestClients.RecordingListener();
        KvClient client = fast(server.url("/").toString()).listener(listener).build();
        client.get("k");
        listener.threads.remove(Thread.currentThread());
        assertThat(listener.threads).hasSizeGreaterThanOrEqualTo(2);

        client.close();
        client.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.threads.stream().noneMatch(Thread::isAlive));
        assertThatThrownBy(() -> client.get("k")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeFailsACallInFlight() {
        server.enqueue(new MockResponse.Builder().body("v").headersDelay(2, TimeUnit.SECONDS).build());
        KvClient client = fast(server.url("/").toString()).build();
        CompletableFuture<?> call = client.getAsync("k");

        client.close();

        await().atMost(Duration.ofSeconds(1)).until(call::isDone);
        assertThat(call).isCompletedExceptionally();
    }

    @Test
    void anApplicationsOkHttpClientIsSharedAndLeftRunning() throws Exception {
        OkHttpClient mine = new OkHttpClient();
        server.enqueue(new MockResponse.Builder().body("v").build());
        server.enqueue(new MockResponse.Builder().body("v").build());
        try (KvClient client = fast(server.url("/").toString()).okHttpClient(mine)
                .authorization(() -> "Bearer t0ken").build()) {
            client.get("k");
        }

        assertThat(mine.dispatcher().executorService().isShutdown()).isFalse();
        assertThat(server.takeRequest(1, TimeUnit.SECONDS).getHeaders().get("Authorization")).isEqualTo("Bearer t0ken");
        try (okhttp3.Response r = mine.newCall(new okhttp3.Request.Builder().url(server.url("/x")).build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
        }
        mine.dispatcher().executorService().shutdown();
        mine.connectionPool().evictAll();
    }
}
