package io.raftkv.client;

import static io.raftkv.client.TestClients.fast;

import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh MockWebServer and a fast-retrying client of it for each test. */
abstract class OneServerTest {
    protected final MockWebServer server = new MockWebServer();
    protected KvClient client;

    @BeforeEach
    final void startServerAndClient() throws Exception {
        server.start();
        client = fast(server.url("/").toString()).build();
    }

    @AfterEach
    final void stopServerAndClient() {
        client.close();
        server.close();
    }
}
