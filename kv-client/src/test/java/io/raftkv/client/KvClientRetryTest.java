package io.raftkv.client;

import static io.raftkv.client.TestClients.error;
import static io.raftkv.client.TestClients.fast;
import static io.raftkv.client.TestClients.putAnswer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries, idempotency keys, failover, leader routing and deadlines. */
class KvClientRetryTest {
    private final MockWebServer server = new MockWebServer();
    private final MockWebServer other = new MockWebServer();
    private final TestClients.RecordingListener listener = new TestClients.RecordingListener();
    private KvClient client;

    @BeforeEach
    void start() throws Exception {
        server.start();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        server.close();
        other.close();
    }

    private String url(MockWebServer s) {
        return s.url("/").toString();
    }

    private String header(MockWebServer s, String name) throws InterruptedException {
        return s.takeRequest(1, TimeUnit.SECONDS).getHeaders().get(name);
    }

    @Test
    void noLeaderIsRetriedAfterRetryAfterWithTheSameIdempotencyKey() throws Exception {
        server.enqueue(error(503, "NO_LEADER").newBuilder().setHeader("Retry-After", "1").build());
        server.enqueue(putAnswer(201, 4));
        client = fast(url(server)).listener(listener).build();

        long start = System.nanoTime();
        PutResult result = client.put("k", "v");

        assertThat(result.created()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
        assertThat(listener.delays).containsExactly(Duration.ofSeconds(1));
        assertThat(header(server, "Idempotency-Key")).isEqualTo(header(server, "Idempotency-Key"));
        assertThat(listener.events).containsExactly("start PUT", "end PUT 503", "retry PUT 1", "start PUT",
                "end PUT 201");
    }

    @Test
    void aLostAnswerIsRetriedWithTheSameIdempotencyKey() throws Exception {
        server.enqueue(putAnswer(201, 4).newBuilder().headersDelay(1, TimeUnit.SECONDS).build());
        server.enqueue(putAnswer(201, 4).newBuilder().setHeader("Idempotent-Replayed", "true").build());
        client = fast(url(server)).readTimeout(Duration.ofMillis(200)).build();

        PutResult result = client.put("k", "v");

        assertThat(result.replayed()).isTrue();
        assertThat(header(server, "Idempotency-Key")).isEqualTo(header(server, "Idempotency-Key"));
    }

    @Test
    void outcomeUnknownIsSurfacedWhenRetriesRunOut() throws Exception {
        for (int i = 0; i < 4; i++) {
            server.enqueue(error(504, "OUTCOME_UNKNOWN"));
        }
        client = fast(url(server)).build();

        assertThatThrownBy(() -> client.delete("k"))
                .isInstanceOfSatisfying(OutcomeUnknownException.class, e -> {
                    assertThat(e.getCause()).hasMessageContaining("OUTCOME_UNKNOWN");
                    assertThat(e.getMessage()).contains("may or may not have applied");
                    try {
                        for (int i = 0; i < 4; i++) {
                            assertThat(header(server, "Idempotency-Key")).isEqualTo(e.idempotencyKey());
                        }
                    } catch (InterruptedException ie) {
                        throw new AssertionError(ie);
                    }
                });
    }

    @Test
    void anUnknownOutcomeStaysUnknownWhenLaterAttemptsAreRefused() throws Exception {
        server.enqueue(error(504, "OUTCOME_UNKNOWN"));
        for (int i = 0; i < 3; i++) {
            server.enqueue(error(503, "NO_LEADER"));
        }
        client = fast(url(server)).build();

        assertThatThrownBy(() -> client.put("k", "v")).isInstanceOf(OutcomeUnknownException.class);
    }

    @Test
    void aReadTimeoutOnAReadIsUnavailableNotUnknown() {
        for (int i = 0; i < 4; i++) {
            server.enqueue(new MockResponse.Builder().body("v").headersDelay(1, TimeUnit.SECONDS).build());
        }
        client = fast(url(server)).readTimeout(Duration.ofMillis(100)).build();

        assertThatThrownBy(() -> client.get("k")).isInstanceOf(UnavailableException.class)
                .hasCauseInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void failsOverToTheNextEndpointWhenTheFirstRefusesConnections() throws Exception {
        String dead = TestClients.refusingEndpoint();
        server.enqueue(new MockResponse.Builder().body("v").build());
        client = fast(dead, url(server)).listener(listener).build();

        assertThat(client.get("k")).isPresent();

        assertThat(listener.events).contains("end GET -1", "failover " + dead + " -> " + url(server).replaceAll("/$", ""));
    }

    @Test
    void allEndpointsDownIsUnavailableWithTheLastCause() throws Exception {
        client = fast(TestClients.refusingEndpoint(), TestClients.refusingEndpoint()).build();

        assertThatThrownBy(() -> client.put("k", "v"))
                .isInstanceOfSatisfying(UnavailableException.class, e -> {
                    assertThat(e.getCause()).isInstanceOf(ConnectException.class);
                    assertThat(e.getSuppressed()).hasSize(3);
                    assertThat(e.getMessage()).contains("4 attempt(s)", "Nothing was applied");
                });
    }

    @Test
    void writesGoToTheLeaderLearnedFromXKvLeader() throws Exception {
        other.start();
        String leader = url(other).replaceAll("/$", "");
        server.enqueue(new MockResponse.Builder().body("v").setHeader("X-Kv-Leader", leader).build());
        other.enqueue(putAnswer(200, 2).newBuilder().setHeader("X-Kv-Leader", leader).build());
        client = fast(url(server), url(other)).listener(listener).build();

        client.get("k");
        client.put("k", "w");

        assertThat(client.leader()).contains(leader);
        assertThat(other.takeRequest(1, TimeUnit.SECONDS).getMethod()).isEqualTo("PUT");
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(listener.events).containsOnlyOnce("leader null -> " + leader);
    }

    @Test
    void anUnreachableLeaderIsForgottenAndTheWriteFailsOver() throws Exception {
        String dead = TestClients.refusingEndpoint();
        server.enqueue(new MockResponse.Builder().body("v").setHeader("X-Kv-Leader", dead).build());
        server.enqueue(putAnswer(200, 2));
        client = fast(url(server)).listener(listener).build();

        client.get("k");
        client.put("k", "w");

        assertThat(listener.events).contains("leader null -> " + dead, "leader " + dead + " -> null");
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void theDeadlineEndsRetriesWithTheLastCause() {
        for (int i = 0; i < 50; i++) {
            server.enqueue(error(503, "NO_LEADER"));
        }
        RetryPolicy patient = new RetryPolicy(1000, Duration.ofMillis(20), Duration.ofMillis(20), 1, 0);
        client = fast(url(server)).retryPolicy(patient).callTimeout(Duration.ofMillis(300)).build();

        long start = System.nanoTime();
        assertThatThrownBy(() -> client.get("k"))
                .isInstanceOfSatisfying(UnavailableException.class, e -> {
                    assertThat(e.getMessage()).contains("300 ms deadline", "NO_LEADER");
                    assertThat(e.getCause()).isNotNull();
                    assertThat(e.getSuppressed()).isNotEmpty();
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1000));
    }

    @Test
    void aSlowAnswerIsCutAtTheDeadline() {
        server.enqueue(new MockResponse.Builder().body("v").headersDelay(1, TimeUnit.SECONDS).build());
        client = fast(url(server)).callTimeout(Duration.ofMillis(300)).build();

        long start = System.nanoTime();
        assertThatThrownBy(() -> client.put("k", "v")).isInstanceOf(OutcomeUnknownException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void aThrowingListenerDoesNotBreakTheCall() {
        server.enqueue(error(503, "NO_LEADER"));
        server.enqueue(new MockResponse.Builder().body("v").build());
        client = fast(url(server)).listener(new KvClientListener() {
            @Override
            public void requestEnd(String endpoint, KvOperation operation, int status, Duration duration) {
                throw new IllegalStateException("a broken listener");
            }

            @Override
            public void retry(KvOperation operation, int attempt, Throwable cause, Duration delay) {
                throw new IllegalStateException("a broken listener");
            }
        }).build();

        assertThat(client.get("k")).isPresent();
    }

    @Test
    void aDeadEndpointsBreakerOpensSoItIsSkipped() throws Exception {
        String dead = TestClients.refusingEndpoint();
        for (int i = 0; i < 20; i++) {
            server.enqueue(new MockResponse.Builder().body("v").build());
        }
        client = fast(dead, url(server)).listener(listener)
                .circuitBreaker(new CircuitBreakerPolicy(50, 4, 2, Duration.ofMinutes(1))).build();

        for (int i = 0; i < 20; i++) {
            client.get("k");
        }

        assertThat(listener.events.stream().filter(e -> e.equals("end GET -1")).count()).isEqualTo(2);
    }
}
