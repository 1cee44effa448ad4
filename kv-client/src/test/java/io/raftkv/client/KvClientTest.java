package io.raftkv.client;

import static io.raftkv.client.TestClients.json;
import static io.raftkv.client.TestClients.putAnswer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class KvClientTest extends OneServerTest {
    private RecordedRequest taken() throws InterruptedException {
        return server.takeRequest(1, TimeUnit.SECONDS);
    }

    @Test
    void putSendsTheValueWithAnIdempotencyKeyAndReadsTheRevisions() throws Exception {
        server.enqueue(putAnswer(201, 5).newBuilder().setHeader("ETag", "\"5\"").build());

        PutResult result = client.put("greeting", "hello");

        assertThat(result).isEqualTo(new PutResult("greeting", true, 5, 5, 1, false));
        RecordedRequest request = taken();
        assertThat(request.getMethod()).isEqualTo("PUT");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/api/v1/kv/greeting");
        assertThat(request.getBody().utf8()).isEqualTo("hello");
        assertThat(request.getHeaders().get("Idempotency-Key")).hasSize(36);
        assertThat(request.getHeaders().get("If-None-Match")).isNull();
        assertThat(request.getUrl().queryParameter("prevRevision")).isNull();
    }

    @Test
    void replacingPutIsNotCreatedAndEachCallHasItsOwnIdempotencyKey() throws Exception {
        server.enqueue(putAnswer(200, 6));
        server.enqueue(putAnswer(200, 7).newBuilder().setHeader("Idempotent-Replayed", "true").build());

        assertThat(client.put("k", new byte[] {1, 2}).created()).isFalse();
        assertThat(client.put("k", new byte[] {3}).replayed()).isTrue();

        assertThat(taken().getHeaders().get("Idempotency-Key")).isNotEqualTo(taken().getHeaders().get("Idempotency-Key"));
    }

    @Test
    void putIfAbsentSendsIfNoneMatchStar() throws Exception {
        server.enqueue(putAnswer(201, 3));

        assertThat(client.putIfAbsent("lock", "me").created()).isTrue();

        RecordedRequest request = taken();
        assertThat(request.getHeaders().get("If-None-Match")).isEqualTo("*");
        assertThat(request.getHeaders().get("Idempotency-Key")).isNotBlank();
    }

    @Test
    void compareAndSetSendsPrevRevision() throws Exception {
        server.enqueue(putAnswer(200, 8));

        assertThat(client.compareAndSet("counter", 7, "8").modRevision()).isEqualTo(8);

        RecordedRequest request = taken();
        assertThat(request.getUrl().queryParameter("prevRevision")).isEqualTo("7");
        assertThat(request.getHeaders().get("Idempotency-Key")).isNotBlank();
    }

    @Test
    void getReadsTheRawValueAndTheRevisionHeaders() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).body("hello")
                .setHeader("X-Kv-Create-Revision", "3").setHeader("X-Kv-Mod-Revision", "9")
                .setHeader("X-Kv-Version", "4").build());

        KvEntry entry = client.get("greeting").orElseThrow();

        assertThat(entry).isEqualTo(new KvEntry("greeting", "hello".getBytes(StandardCharsets.UTF_8), 3, 9, 4));
        assertThat(entry.valueAsString()).isEqualTo("hello");
        RecordedRequest request = taken();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUrl().queryParameter("consistency")).isEqualTo("linearizable");
        assertThat(request.getHeaders().get("Idempotency-Key")).isNull();
    }

    @Test
    void getOfAMissingKeyIsEmpty() throws Exception {
        server.enqueue(TestClients.error(404, "KEY_NOT_FOUND"));

        assertThat(client.get("nope", Consistency.SERIALIZABLE)).isEmpty();
        assertThat(taken().getUrl().queryParameter("consistency")).isEqualTo("serializable");
    }

    @Test
    void keysArePercentEncodedKeepingSlashes() throws Exception {
        server.enqueue(putAnswer(201, 1));
        server.enqueue(putAnswer(201, 2));

        client.put("users/a b+ü?#%", "x");
        client.put("a/../b", "y");

        assertThat(taken().getUrl().encodedPath()).isEqualTo("/api/v1/kv/users/a%20b%2B%C3%BC%3F%23%25");
        assertThat(taken().getUrl().encodedPath()).isEqualTo("/api/v1/kv/a%2F..%2Fb");
        assertThatThrownBy(() -> client.put("", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deleteReportsWhetherTheKeyExisted() throws Exception {
        server.enqueue(json(200, "{\"deleted\":1,\"revision\":9}"));
        server.enqueue(TestClients.error(404, "KEY_NOT_FOUND"));

        assertThat(client.delete("k")).isEqualTo(new DeleteResult("k", true, 9, false));
        assertThat(client.delete("k")).isEqualTo(new DeleteResult("k", false, 0, false));

        RecordedRequest first = taken();
        assertThat(first.getMethod()).isEqualTo("DELETE");
        assertThat(first.getHeaders().get("Idempotency-Key")).isNotBlank();
    }

    @Test
    void compareAndDeleteSendsPrevRevisionAndAMissingKeyFailsThePrecondition() throws Exception {
        server.enqueue(json(200, "{\"deleted\":1,\"revision\":10}"));
        server.enqueue(TestClients.error(404, "KEY_NOT_FOUND"));

        assertThat(client.compareAndDelete("k", 9).revision()).isEqualTo(10);
        assertThatThrownBy(() -> client.compareAndDelete("k", 9))
                .isInstanceOfSatisfying(PreconditionFailedException.class, e -> assertThat(e.currentModRevision()).isZero());

        assertThat(taken().getUrl().queryParameter("prevRevision")).isEqualTo("9");
    }

    @Test
    void asyncCallsComplete() throws Exception {
        server.enqueue(putAnswer(201, 1));
        server.enqueue(new MockResponse.Builder().code(200).body("v").build());

        assertThat(client.putAsync("k", new byte[] {1}).get(2, TimeUnit.SECONDS).created()).isTrue();
        assertThat(client.getAsync("k").get(2, TimeUnit.SECONDS)).isPresent();
    }

    @Test
    void aCodecEncodesAndDecodes() throws Exception {
        KvCodec<Integer> ints = KvCodec.of(i -> Integer.toString(i).getBytes(StandardCharsets.UTF_8),
                b -> Integer.valueOf(new String(b, StandardCharsets.UTF_8)));
        server.enqueue(putAnswer(201, 1));
        server.enqueue(new MockResponse.Builder().code(200).body("42").build());

        client.put("n", 42, ints);

        assertThat(taken().getBody().utf8()).isEqualTo("42");
        assertThat(client.get("n").orElseThrow().value(ints)).isEqualTo(42);
    }

    @Test
    void clusterStatusIsParsed() {
        server.enqueue(json(200, "{\"id\":\"node-1\",\"role\":\"leader\",\"term\":3,"
                + "\"leader\":{\"id\":\"node-1\",\"http\":\"http://127.0.0.1:8081\"},\"commitIndex\":120,"
                + "\"appliedIndex\":119,\"members\":[{\"id\":\"node-2\",\"http\":\"http://127.0.0.1:8082\","
                + "\"raft\":\"http://127.0.0.1:9002\",\"role\":\"follower\",\"matchIndex\":120,\"lag\":0,"
                + "\"lastContactMillis\":35}]}"));

        ClusterStatus status = client.clusterStatus();

        assertThat(status.nodeId()).isEqualTo("node-1");
        assertThat(status.leaderUrl()).isEqualTo("http://127.0.0.1:8081");
        assertThat(status.appliedIndex()).isEqualTo(119);
        assertThat(status.members()).containsExactly(
                new ClusterStatus.Member("node-2", "http://127.0.0.1:8082", "follower", 120, 0, 35));
    }

    @Test
    void theSupportedApiVersionIsV1() {
        assertThat(KvClient.SUPPORTED_API_VERSIONS).isEqualTo("v1");
    }
}
