package io.raftkv.it;

import static io.raftkv.it.KvAssertions.assertError;
import static io.raftkv.it.KvAssertions.assertStatus;
import static io.raftkv.it.KvHttp.json;
import static io.raftkv.it.KvHttp.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.helidon.json.JsonObject;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Reads, writes and their guarantees on a healthy 3-node cluster, shared by these tests (none stops a
 * node). Every storage backend runs this same suite: a subclass says which cluster.
 */
abstract class ReadWriteSuite {
    private final LocalCluster cluster = clusterExtension().cluster();
    private final KvHttp http = cluster.http();

    /** The subclass's cluster, registered on one of its static fields. */
    abstract ClusterExtension clusterExtension();

    @Test
    void aPutThroughNode1IsReadFromNodes2And3() throws Exception {
        HttpResponse<byte[]> put = http.put(cluster.node(1), "greeting", "hello, raft");

        assertStatus(put, 201);
        assertThat(json(put).longValue("version")).hasValue(1L);
        // Linearizable by default: acknowledged means visible everywhere, with no waiting.
        for (ClusterNode reader : List.of(cluster.node(2), cluster.node(3))) {
            HttpResponse<byte[]> get = http.get(reader, "greeting");
            assertStatus(get, 200);
            assertThat(text(get)).isEqualTo("hello, raft");
            assertThat(get.headers().firstValue("X-Kv-Node")).hasValue(reader.id());
            assertThat(get.headers().firstValue("X-Kv-Version")).hasValue("1");
        }
    }

    @Test
    void aFollowerForwardsWritesToTheLeader() throws Exception {
        ClusterNode leader = cluster.awaitLeader();
        ClusterNode follower = cluster.others(leader).getFirst();

        HttpResponse<byte[]> put = http.put(follower, "forwarded/key", "via a follower");

        assertStatus(put, 201);
        assertThat(put.headers().firstValue("X-Kv-Node")).hasValue(follower.id());
        assertThat(put.headers().firstValue("X-Kv-Leader")).hasValue(leader.http().toString());
        HttpResponse<byte[]> onLeader = http.getSerializable(leader, "forwarded/key");
        assertStatus(onLeader, 200);
        assertThat(text(onLeader)).isEqualTo("via a follower");
    }

    @Test
    void aCompareAndSetOnAStaleRevisionIs412WithTheCurrentModRevision() throws Exception {
        ClusterNode node = cluster.node(1);
        long created = json(http.put(node, "cas/key", "v1")).longValue("modRevision").orElseThrow();
        HttpResponse<byte[]> swapped = http.putAt(node, KvHttp.kvPath("cas/key") + "?prevRevision=" + created, "v2");
        assertStatus(swapped, 200);
        long current = json(swapped).longValue("modRevision").orElseThrow();

        HttpResponse<byte[]> stale = http.putAt(node, KvHttp.kvPath("cas/key") + "?prevRevision=" + created, "v3");
        HttpResponse<byte[]> staleIfMatch = http.put(cluster.node(2), "cas/key", "v3", "If-Match", "\"" + created + "\"");
        HttpResponse<byte[]> createOnly = http.put(cluster.node(3), "cas/key", "v3", "If-None-Match", "*");

        for (HttpResponse<byte[]> conflict : List.of(stale, staleIfMatch, createOnly)) {
            JsonObject error = assertError(conflict, 412, "PRECONDITION_FAILED");
            assertThat(error.longValue("currentModRevision")).hasValue(current);
        }
        assertThat(text(http.get(node, "cas/key"))).isEqualTo("v2");
    }

    @Test
    void anIdempotentRetryIsNotAppliedTwice() throws Exception {
        String[] key = {"Idempotency-Key", "retry-" + System.nanoTime()};
        HttpResponse<byte[]> first = http.put(cluster.node(1), "idempotent/key", "once", key);
        // The retry goes through another node, as a client failing over would send it.
        HttpResponse<byte[]> retry = http.put(cluster.node(2), "idempotent/key", "once", key);

        assertStatus(first, 201);
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertStatus(retry, 201);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(text(retry)).as("the first result, replayed").isEqualTo(text(first));
        HttpResponse<byte[]> get = http.get(cluster.node(3), "idempotent/key");
        assertThat(get.headers().firstValue("X-Kv-Version")).hasValue("1");
        assertThat(get.headers().firstValue("X-Kv-Mod-Revision"))
                .hasValue(Long.toString(json(first).longValue("modRevision").orElseThrow()));
    }

    @Test
    void theCurlQuickStartPrintsTheValue() throws Exception {
        assumeTrue(curlIsInstalled(), "curl is not on the PATH");
        // As the README has it, with localhost rather than 127.0.0.1.
        String put = curl("-sS", "-X", "PUT", "http://localhost:" + cluster.node(1).httpPort() + "/api/v1/kv/test",
                "-d", "value");
        String get = curl("-sS", "http://localhost:" + cluster.node(2).httpPort() + "/api/v1/kv/test");

        assertThat(put).contains("\"version\"");
        assertThat(get).isEqualTo("value");
    }

    private static boolean curlIsInstalled() {
        return Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "curl")));
    }

    /** Runs the real curl binary and returns what it printed; fails on a non-zero exit. */
    private static String curl(String... args) throws IOException, InterruptedException {
        Process curl = new ProcessBuilder(Stream.concat(Stream.of("curl", "--max-time", "10"), Stream.of(args)).toList())
                .redirectErrorStream(true)
                .start();
        byte[] output = curl.getInputStream().readAllBytes();
        assertThat(curl.waitFor(15, TimeUnit.SECONDS)).as("curl exits").isTrue();
        String printed = new String(output, StandardCharsets.UTF_8);
        assertThat(curl.exitValue()).as("curl " + String.join(" ", args) + " printed: " + printed).isZero();
        return printed;
    }
}
