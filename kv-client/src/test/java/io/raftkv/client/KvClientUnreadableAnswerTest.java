package io.raftkv.client;

import static io.raftkv.client.TestClients.fast;
import static io.raftkv.client.TestClients.json;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Answers that are not raftkv's JSON (a proxy's page, a truncated body) still end in a KvException. */
class KvClientUnreadableAnswerTest {
    private final MockWebServer server = new MockWebServer();
    private KvClient client;

    @BeforeEach
    void start() throws Exception {
        server.start();
        client = fast(server.url("/").toString()).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void aWriteAnsweredWithAnUnreadableSuccessIsOutcomeUnknown() {
        server.enqueue(new MockResponse.Builder().code(200).body("<html>welcome</html>").build());

        assertThatThrownBy(() -> client.put("k", "v")).isInstanceOf(OutcomeUnknownException.class)
                .hasMessageContaining("cannot read").hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnreadableListingPageIsAKvException() {
        server.enqueue(json(200, "{\"kvs\": [{\"key\": \"a\\"));

        assertThatThrownBy(() -> client.list("").count()).isExactlyInstanceOf(KvException.class)
                .hasMessageContaining("cannot read");
    }

    @Test
    void aTruncatedErrorBodyStillNamesTheStatus() {
        server.enqueue(json(400, "{\"error\": {\"code\": \"INVALID_KEY\", \"message\": \"bad \\"));

        assertThatThrownBy(() -> client.get("k")).isInstanceOf(BadRequestException.class)
                .hasMessageContaining("400");
    }
}
