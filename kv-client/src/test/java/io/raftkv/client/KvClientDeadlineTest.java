package io.raftkv.client;

import static io.raftkv.client.TestClients.fast;
import static io.raftkv.client.TestClients.putAnswer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockWebServer;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-call deadline holds even when an attempt never gets to run, and a write it cuts short is
 * outcome unknown whenever its attempt may have applied.
 */
class KvClientDeadlineTest {
    private final MockWebServer server = new MockWebServer();
    private final Dispatcher oneAtATime = new Dispatcher();
    private OkHttpClient http;
    private KvClient busy;
    private KvClient client;

    @BeforeEach
    void start() throws Exception {
        server.start();
        oneAtATime.setMaxRequestsPerHost(1);
        http = new OkHttpClient.Builder().dispatcher(oneAtATime).build();
        busy = fast(server.url("/").toString()).okHttpClient(http).callTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        client.close();
        busy.close();
        server.close();
        http.dispatcher().executorService().shutdown();
    }

    private CompletableFuture<PutResult> occupyTheOnlyConnectionSlot() throws InterruptedException {
        server.enqueue(putAnswer(201, 1).newBuilder().headersDelay(2, TimeUnit.SECONDS).build());
        CompletableFuture<PutResult> slow = busy.putAsync("slow", new byte[1]);
        server.takeRequest(1, TimeUnit.SECONDS);
        return slow;
    }

    @Test
    void aReadQueuedBehindABusyDispatcherGivesUpAtItsDeadline() throws Exception {
        CompletableFuture<PutResult> slow = occupyTheOnlyConnectionSlot();
        client = fast(server.url("/").toString()).okHttpClient(http).callTimeout(Duration.ofMillis(300)).build();

        long start = System.nanoTime();
        assertThatThrownBy(() -> client.get("k")).isInstanceOf(UnavailableException.class)
                .hasCauseInstanceOf(InterruptedIOException.class);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1000));
        assertThat(slow.isDone()).isFalse();
    }

    @Test
    void aWriteStillOpenAtItsDeadlineIsOutcomeUnknown() throws Exception {
        occupyTheOnlyConnectionSlot();
        client = fast(server.url("/").toString()).okHttpClient(http).callTimeout(Duration.ofMillis(300)).build();

        assertThatThrownBy(() -> client.put("k", "v")).isInstanceOf(OutcomeUnknownException.class)
                .satisfies(e -> assertThat(((OutcomeUnknownException) e).idempotencyKey()).isNotBlank());
    }

    @Test
    void aWriteWhoseAnswerIsStillBeingReadAtItsDeadlineIsOutcomeUnknownNotUnavailable() {
        server.enqueue(putAnswer(201, 1));
        AtomicReference<CompletableFuture<PutResult>> call = new AtomicReference<>();
        KvClientListener slowToHandTheAnswerOn = new KvClientListener() {
            @Override
            public void requestEnd(String endpoint, KvOperation operation, int status, Duration duration) {
                // The answer (201: applied) has arrived; hold its thread, as a loaded machine may,
                // until the deadline has ended the call.
                await().atMost(Duration.ofSeconds(5)).until(() -> call.get() != null && call.get().isDone());
            }
        };
        client = fast(server.url("/").toString()).callTimeout(Duration.ofMillis(300))
                .listener(slowToHandTheAnswerOn).build();

        call.set(client.putAsync("k", new byte[1]));

        assertThat(call.get()).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(OutcomeUnknownException.class);
    }
}
