package io.raftkv.client;

import static io.raftkv.client.TestClients.fast;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The connections a burst of concurrent calls opened are kept for the next burst, not closed and reopened. */
class KvClientConnectionsTest {
    private static final int CONCURRENT = 48;
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
    void aSecondBurstOf48CallsReusesTheFirstBurstsConnections() throws Exception {
        Set<Integer> first = burst();
        Set<Integer> second = burst();

        assertThat(first).hasSize(CONCURRENT);
        assertThat(second).isEqualTo(first);
    }

    /** 48 GETs at once, each answer held back so that all are open together; returns the connections used. */
    private Set<Integer> burst() throws Exception {
        for (int i = 0; i < CONCURRENT; i++) {
            server.enqueue(new MockResponse.Builder().body("v").headersDelay(300, TimeUnit.MILLISECONDS).build());
        }
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (int i = 0; i < CONCURRENT; i++) {
            calls.add(client.getAsync("k"));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        Set<Integer> connections = new HashSet<>();
        for (int i = 0; i < CONCURRENT; i++) {
            connections.add(server.takeRequest(1, TimeUnit.SECONDS).getConnectionIndex());
        }
        return connections;
    }
}
