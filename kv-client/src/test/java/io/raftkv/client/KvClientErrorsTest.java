package io.raftkv.client;

import static io.raftkv.client.TestClients.error;
import static io.raftkv.client.TestClients.fast;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every error code maps to its exception; definite answers are never retried. */
class KvClientErrorsTest {
    private final MockWebServer server = new MockWebServer();
    private KvClient client;

    @BeforeEach
    void start() throws Exception {
        server.start();
        client = fast(server.url("/").toString()).maxValueBytes(16).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @ParameterizedTest
    @CsvSource({
        "400, INVALID_KEY, io.raftkv.client.BadRequestException",
        "400, INVALID_PARAMETER, io.raftkv.client.BadRequestException",
        "404, NOT_FOUND, io.raftkv.client.KvException",
        "405, METHOD_NOT_ALLOWED, io.raftkv.client.KvException",
        "412, PRECONDITION_FAILED, io.raftkv.client.PreconditionFailedException",
        "413, VALUE_TOO_LARGE, io.raftkv.client.ValueTooLargeException",
        "500, INTERNAL, io.raftkv.client.KvException",
    })
    void definiteErrorsMapToTheirTypeAndAreNotRetried(int status, String code, Class<?> type) {
        server.enqueue(error(status, code));

        assertThatThrownBy(() -> client.put("k", "v"))
                .isExactlyInstanceOf(type)
                .isInstanceOfSatisfying(KvException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageContaining(String.valueOf(status));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({"NO_LEADER", "OVERLOADED", "READ_TIMEOUT", "LEADER_UNREACHABLE", "SHUTTING_DOWN"})
    void unavailableCodesAreRetriedThenReportedAsUnavailable(String code) {
        for (int i = 0; i < 4; i++) {
            server.enqueue(error(503, code));
        }

        assertThatThrownBy(() -> client.get("k"))
                .isInstanceOfSatisfying(UnavailableException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getCause()).isInstanceOf(KvException.class).hasMessageContaining(code);
                    assertThat(e.getSuppressed()).hasSize(3);
                });
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void preconditionFailedCarriesTheCurrentModRevision() {
        server.enqueue(TestClients.json(412, "{\"error\":{\"code\":\"PRECONDITION_FAILED\","
                + "\"message\":\"its mod revision is 7\",\"currentModRevision\":7}}"));

        assertThatThrownBy(() -> client.compareAndSet("k", 3, "v"))
                .isInstanceOfSatisfying(PreconditionFailedException.class,
                        e -> assertThat(e.currentModRevision()).isEqualTo(7));
    }

    @Test
    void aValueOverTheClientLimitFailsBeforeSending() {
        assertThatThrownBy(() -> client.put("k", new byte[17]))
                .isInstanceOf(ValueTooLargeException.class).hasMessageContaining("maxValueBytes");
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void aNonJsonErrorStillNamesTheStatus() {
        server.enqueue(new MockResponse.Builder().code(418).body("<html>teapot</html>").build());

        assertThatThrownBy(() -> client.get("k")).isExactlyInstanceOf(KvException.class)
                .hasMessageContaining("418").hasMessageContaining("teapot");
    }

    @Test
    void builderNamesTheBadOption() {
        assertThatThrownBy(() -> KvClient.builder().build()).hasMessageContaining("endpoints");
        assertThatThrownBy(() -> KvClient.builder().callTimeout(java.time.Duration.ZERO))
                .hasMessageContaining("callTimeout");
        assertThatThrownBy(() -> KvClient.builder().endpoints("not a url")).hasMessageContaining("not a url");
        assertThatThrownBy(() -> new RetryPolicy(0, java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(1), 1, 0))
                .hasMessageContaining("maxAttempts");
    }
}
