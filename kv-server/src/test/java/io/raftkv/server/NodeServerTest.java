package io.raftkv.server;

import io.raftkv.server.config.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The wiring, in process: a one-node cluster on loopback, over real JE, gRPC and HTTP. */
class NodeServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dataDir;
    private NodeServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aWriteSurvivesARestartOnTheSameDataDir() throws Exception {
        ServerConfig config = oneNode(freePort(), freePort());
        server = NodeServer.start(config, "solo", dataDir);
        awaitLeader();
        HttpResponse<String> write = send(HttpRequest.newBuilder(url("/api/v1/kv/greeting"))
                .PUT(HttpRequest.BodyPublishers.ofString("hi")));
        assertThat(write.statusCode()).isEqualTo(201);

        server.close();
        server = NodeServer.start(config, "solo", dataDir);
        awaitLeader();

        HttpResponse<String> read = send(HttpRequest.newBuilder(url("/api/v1/kv/greeting")).GET());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo("hi");
    }

    @Test
    void aTakenPortFailsTheStartAndReleasesTheDataDir() throws Exception {
        int raftPort = freePort();
        try (ServerSocket taken = new ServerSocket(0)) {
            ServerConfig config = oneNode(taken.getLocalPort(), raftPort);

            assertThatThrownBy(() -> NodeServer.start(config, "solo", dataDir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot listen for HTTP on 127.0.0.1:" + taken.getLocalPort()
                            + "; is another process using the port? (the cause is logged above)");
        }
        // JE's lock is gone, and so is the Raft listener: the same node starts on the same ports.
        server = NodeServer.start(oneNode(freePort(), raftPort), "solo", dataDir);
        assertThat(server.raftPort()).isEqualTo(raftPort);
    }

    @Test
    void closingTwiceIsHarmless() throws Exception {
        server = NodeServer.start(oneNode(freePort(), freePort()), "solo", dataDir);

        server.close();
        server.close();
    }

    private void awaitLeader() {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> send(HttpRequest.newBuilder(url("/api/v1/cluster/leader")).GET()).statusCode() == 200);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.httpPort() + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ServerConfig oneNode(int httpPort, int raftPort) {
        return ServerConfig.fromYaml("""
                cluster:
                  nodes:
                    - id: solo
                      http: 127.0.0.1:%d
                      raft: 127.0.0.1:%d
                raft:
                  tick-ms: 5
                  heartbeat-ms: 20
                  election-timeout-ms: 100
                """.formatted(httpPort, raftPort));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
