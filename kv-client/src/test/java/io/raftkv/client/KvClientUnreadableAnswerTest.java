package io.raftkv.client;

import static io.raftkv.client.TestClients.json;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

/** Answers that are not raftkv's JSON (a proxy's page, a truncated body) still end in a KvException. */
class KvClientUnreadableAnswerTest extends OneServerTest {
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
