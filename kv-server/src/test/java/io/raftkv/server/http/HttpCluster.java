package io.raftkv.server.http;

import io.raftkv.server.NodeServer;
import io.raftkv.server.config.ServerConfig;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.awaitility.Awaitility.await;

/**
 * Real nodes in one JVM, each a {@link NodeServer} (JE in a temporary directory, the Raft port, the
 * REST API) on free loopback ports, with fast timings: 10 ms ticks, 50 ms heartbeats, 500 ms election
 * timeouts (not less: on a loaded machine a spurious election would move the leader mid-test).
 */
final class HttpCluster implements AutoCloseable {
    static final Duration PATIENCE = Duration.ofSeconds(20);

    private final Path dir;
    private final String httpSection;
    private final StringBuilder nodes = new StringBuilder();
    private final List<String> ids = new ArrayList<>();
    private final Map<String, Integer> httpPorts = new LinkedHashMap<>();
    private final Map<String, NodeServer> running = new LinkedHashMap<>();
    private final ApiClient client = new ApiClient();

    private HttpCluster(Path dir, int size, String httpSection) {
        this.dir = dir;
        this.httpSection = httpSection;
        for (int i = 1; i <= size; i++) {
            addNodeEntry("node-" + i);
        }
    }

    private void addNodeEntry(String id) {
        ids.add(id);
        httpPorts.put(id, freePort());
        nodes.append("    - id: ").append(id).append('\n')
                .append("      http: 127.0.0.1:").append(httpPorts.get(id)).append('\n')
                .append("      raft: 127.0.0.1:").append(freePort()).append('\n');
    }

    /** The configuration listing every node so far: the founders' own, or a joiner's. */
    private ServerConfig config() {
        return ServerConfig.fromYaml("""
                cluster:
                  name: http-test
                  nodes:
                %sraft:
                  tick-ms: 10
                  heartbeat-ms: 50
                  election-timeout-ms: 500
                http:
                %s
                """.formatted(nodes, httpSection.indent(2)));
    }

    /**
     * Starts a new node {@code id} on an empty data dir with {@code --join} pointing at {@code via}: it
     * asks to be added as a learner. Returns once it was added (its own configuration lists it).
     */
    void join(String id, String via) {
        addNodeEntry(id);
        running.put(id, NodeServer.start(config(), id, dir.resolve(id), URI.create(baseUrl(via))));
    }

    /**
     * Starts {@code size} nodes and waits for a leader.
     *
     * @param httpSection the YAML {@code http:} section's lines, unindented
     */
    static HttpCluster start(Path dir, int size, String httpSection) {
        HttpCluster cluster = new HttpCluster(dir, size, httpSection);
        try {
            cluster.ids.forEach(cluster::start);
            cluster.awaitLeader();
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    void start(String id) {
        running.put(id, NodeServer.start(config(), id, dir.resolve(id)));
    }

    /** Stops a node gracefully (a leader hands off first). */
    void stop(String id) {
        Objects.requireNonNull(running.remove(id), id + " is not running").close();
    }

    List<String> ids() {
        return List.copyOf(ids);
    }

    ApiClient client() {
        return client;
    }

    /** {@code pathAndQuery} (raw, already encoded) on node {@code id}. */
    URI uri(String id, String pathAndQuery) {
        return URI.create(baseUrl(id) + pathAndQuery);
    }

    String baseUrl(String id) {
        return "http://127.0.0.1:" + httpPorts.get(id);
    }

    int httpPort(String id) {
        return httpPorts.get(id);
    }

    /** Waits until every running node names the same leader (from its status endpoint), and returns its id. */
    String awaitLeader() {
        return await().atMost(PATIENCE).until(this::agreedLeader, Objects::nonNull);
    }

    String aFollower(String leader) {
        return running.keySet().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
    }

    private String agreedLeader() {
        List<String> views = running.keySet().stream().map(this::leaderSeenBy).distinct().toList();
        return views.size() == 1 ? views.getFirst() : null;
    }

    private String leaderSeenBy(String id) {
        JsonObject status = ApiClient.json(client.get(uri(id, "/api/v1/cluster/status")));
        return status.isNull("leader") ? null : status.getJsonObject("leader").getString("id");
    }

    @Override
    public void close() {
        List.copyOf(running.keySet()).forEach(this::stop);
        client.close();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
