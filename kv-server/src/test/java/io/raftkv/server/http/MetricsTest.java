package io.raftkv.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalDouble;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET /metrics}: the node's meters in the Prometheus text format, on one real node. */
@ExtendWith(SharedNode.class)
class MetricsTest {
    private static HttpCluster cluster;
    private static ApiClient client;

    @BeforeAll
    static void start(HttpCluster shared) {
        cluster = shared;
        client = cluster.client();
    }

    private static String scrape() {
        HttpResponse<byte[]> response = client.get(cluster.uri("node-1", "/metrics"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** The value of the first sample whose line starts with {@code series} (name and labels, up to the value). */
    private static OptionalDouble sample(String metrics, String series) {
        return Arrays.stream(metrics.split("\n"))
                .filter(line -> line.startsWith(series))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst();
    }

    @Test
    void aLeaderReportsItsRoleTermAndAppliedIndex() {
        String metrics = scrape();

        assertThat(sample(metrics, "raftkv_raft_leader{node=\"node-1\"}")).hasValue(1.0);
        assertThat(sample(metrics, "raftkv_raft_has_leader{node=\"node-1\"}")).hasValue(1.0);
        assertThat(sample(metrics, "raftkv_raft_term{node=\"node-1\"}").orElseThrow()).isPositive();
        assertThat(sample(metrics, "raftkv_raft_applied_index{node=\"node-1\"}").orElseThrow()).isPositive();
        assertThat(metrics).contains("jvm_memory_used_bytes");
    }

    @Test
    void writesShowAsPersistedAndAppliedBatchesAndAsTimedRequests() {
        String key = cluster.uri("node-1", "/api/v1/kv/metrics/written").toString();
        double before = sample(scrape(), "raftkv_raft_apply_entries_sum").orElse(0);

        assertThat(client.put(java.net.URI.create(key), "v").statusCode()).isIn(200, 201);
        assertThat(client.get(cluster.uri("node-1", "/api/v1/kv/metrics/absent")).statusCode()).isEqualTo(404);

        String after = scrape();
        assertThat(sample(after, "raftkv_raft_apply_entries_sum").orElseThrow()).isGreaterThan(before);
        assertThat(sample(after, "raftkv_raft_persist_seconds_count").orElseThrow()).isPositive();
        assertThat(after).contains("raftkv_raft_persist_seconds_bucket{node=\"node-1\",le=\"0.001\"}");
        assertThat(sample(after, "raftkv_http_requests_seconds_count{method=\"PUT\",node=\"node-1\",route=\"kv\",status=\"20"))
                .isPresent();
        assertThat(sample(after, "raftkv_http_requests_seconds_count{method=\"GET\",node=\"node-1\",route=\"kv\",status=\"404\"}")
                .orElseThrow()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void onlyGetIsAllowed() {
        HttpResponse<byte[]> response = client.delete(cluster.uri("node-1", "/metrics"));

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(ApiClient.error(response).getString("code")).isEqualTo("METHOD_NOT_ALLOWED");
    }

    @Test
    void requestsAreGroupedByRouteNeverByKey() {
        assertThat(RequestMetrics.route("/api/v1/kv/a/b")).isEqualTo("kv");
        assertThat(RequestMetrics.route("/api/v1/kv")).isEqualTo("kv-list");
        assertThat(RequestMetrics.route("/api/v1/cluster/status")).isEqualTo("cluster");
        assertThat(RequestMetrics.route("/health/live")).isEqualTo("health");
        assertThat(RequestMetrics.route("/metrics")).isEqualTo("metrics");
        assertThat(RequestMetrics.route("/nope")).isEqualTo("other");
    }
}
