package io.raftkv.server.http;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** The key-value endpoints on one real node: writes, reads, conditions, idempotency. */
@ExtendWith(SharedNode.class)
class KvApiTest {
    private static HttpCluster cluster;
    private static ApiClient client;

    @BeforeAll
    static void start(HttpCluster shared) {
        cluster = shared;
        client = cluster.client();
    }

    @Test
    void putCreatesThenReplacesAndGetReturnsTheRawBytes() {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        HttpResponse<byte[]> created = client.put(kv("binary"), binary, "Content-Type", "application/octet-stream");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonObject meta = ApiClient.json(created);
        assertThat(meta.getString("key")).isEqualTo("binary");
        assertThat(meta.getJsonNumber("version").longValue()).isEqualTo(1);
        long createRevision = meta.getJsonNumber("createRevision").longValue();
        assertThat(meta.getJsonNumber("modRevision").longValue()).isEqualTo(createRevision);
        assertThat(created.headers().firstValue("ETag")).contains("\"" + createRevision + "\"");

        HttpResponse<byte[]> replaced = client.put(kv("binary"), binary);
        assertThat(replaced.statusCode()).isEqualTo(200);
        long modRevision = ApiClient.json(replaced).getJsonNumber("modRevision").longValue();
        assertThat(modRevision).isGreaterThan(createRevision);

        HttpResponse<byte[]> read = client.get(kv("binary"));
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(binary);
        assertThat(read.headers().firstValue("Content-Type")).contains("application/octet-stream");
        assertThat(read.headers().firstValue("ETag")).contains("\"" + modRevision + "\"");
        assertThat(read.headers().firstValue("X-Kv-Create-Revision")).contains(Long.toString(createRevision));
        assertThat(read.headers().firstValue("X-Kv-Mod-Revision")).contains(Long.toString(modRevision));
        assertThat(read.headers().firstValue("X-Kv-Version")).contains("2");
        assertThat(read.headers().firstValue("X-Kv-Node")).contains("node-1");
        assertThat(read.headers().firstValue("X-Kv-Leader")).contains(cluster.baseUrl("node-1"));
    }

    @Test
    void aFormEncodedBodyIsStoredVerbatimAsCurlDashDSendsIt() {
        client.put(kv("form"), "a=1&b=%20+x", "Content-Type", "application/x-www-form-urlencoded");
        assertThat(new String(client.get(kv("form")).body(), StandardCharsets.UTF_8)).isEqualTo("a=1&b=%20+x");
        assertThat(client.put(kv("empty"), new byte[0]).statusCode()).isEqualTo(201);
        assertThat(client.get(kv("empty")).body()).isEmpty();
    }

    @Test
    void keysMayHoldSlashesEscapesAndAnyUtf8() {
        client.put(kv("dir/sub/leaf"), "plain");
        assertThat(client.get(kv("dir%2Fsub%2Fleaf")).body()).asString().isEqualTo("plain");
        client.put(kv(URLEncoder.encode("ключ 🔑\n", StandardCharsets.UTF_8).replace("+", "%20")), "utf8");
        JsonObject json = ApiClient.json(client.get(kv("%D0%BA%D0%BB%D1%8E%D1%87%20%F0%9F%94%91%0A"),
                "Accept", "application/json"));
        assertThat(json.getString("key")).isEqualTo("ключ 🔑\n");
        assertThat(Base64.getDecoder().decode(json.getString("value"))).asString().isEqualTo("utf8");
        assertThat(json.getJsonNumber("version").longValue()).isEqualTo(1);
        assertThat(client.put(kv("%C3%A9".repeat(2048)), "longest").statusCode()).isEqualTo(201);
    }

    @Test
    void getWithAcceptJsonGivesTheValueInBase64AndMissingKeysAre404() {
        client.put(kv("j"), new byte[] {0, (byte) 0xFF});
        HttpResponse<byte[]> read = client.get(kv("j"), "Accept", "application/json");
        assertThat(read.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(ApiClient.json(read).getString("value")).isEqualTo("AP8=");
        assertThat(client.get(kv("j"), "Accept", "*/*").body()).containsExactly(0, 0xFF);

        HttpResponse<byte[]> missing = client.get(kv("never-written"));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(ApiClient.error(missing).getString("code")).isEqualTo("KEY_NOT_FOUND");
    }

    @Test
    void readsAreLinearizableOrOnRequestSerializable() {
        client.put(kv("c"), "v");
        assertThat(client.get(kv("c?consistency=linearizable")).body()).asString().isEqualTo("v");
        assertThat(client.get(kv("c?consistency=serializable")).body()).asString().isEqualTo("v");
        HttpResponse<byte[]> bad = client.get(kv("c?consistency=eventual"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(ApiClient.error(bad).getString("code")).isEqualTo("INVALID_PARAMETER");
    }

    @Test
    void deleteRemovesAndAnAbsentKeyIs404() {
        long revision = ApiClient.json(client.put(kv("d"), "v")).getJsonNumber("modRevision").longValue();
        HttpResponse<byte[]> deleted = client.delete(kv("d"));
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(ApiClient.json(deleted).getInt("deleted")).isEqualTo(1);
        assertThat(ApiClient.json(deleted).getJsonNumber("revision").longValue()).isGreaterThan(revision);
        assertThat(client.get(kv("d")).statusCode()).isEqualTo(404);
        assertThat(ApiClient.error(client.delete(kv("d"))).getString("code")).isEqualTo("KEY_NOT_FOUND");
    }

    @Test
    void compareAndSetByQueryOrIfMatch() {
        long rev = ApiClient.json(client.put(kv("cas"), "1")).getJsonNumber("modRevision").longValue();
        HttpResponse<byte[]> stale = client.put(kv("cas?prevRevision=" + (rev + 100)), "x");
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(ApiClient.error(stale).getString("code")).isEqualTo("PRECONDITION_FAILED");
        assertThat(ApiClient.error(stale).getJsonNumber("currentModRevision").longValue()).isEqualTo(rev);

        HttpResponse<byte[]> byQuery = client.put(kv("cas?prevRevision=" + rev), "2");
        assertThat(byQuery.statusCode()).isEqualTo(200);
        String etag = byQuery.headers().firstValue("ETag").orElseThrow();
        assertThat(client.put(kv("cas"), "3", "If-Match", "\"" + rev + "\"").statusCode()).isEqualTo(412);
        assertThat(client.put(kv("cas"), "3", "If-Match", etag).statusCode()).isEqualTo(200);
        assertThat(client.get(kv("cas")).body()).asString().isEqualTo("3");
        assertThat(ApiClient.error(client.put(kv("cas"), "4", "If-Match", "*")).getString("code"))
                .isEqualTo("INVALID_PARAMETER");
    }

    @Test
    void createOnlyByPrevRevisionZeroOrIfNoneMatch() {
        assertThat(client.put(kv("once?prevRevision=0"), "1").statusCode()).isEqualTo(201);
        HttpResponse<byte[]> again = client.put(kv("once?prevRevision=0"), "2");
        assertThat(again.statusCode()).isEqualTo(412);
        assertThat(ApiClient.error(again).getJsonNumber("currentModRevision").longValue()).isPositive();
        assertThat(client.put(kv("once2"), "1", "If-None-Match", "*").statusCode()).isEqualTo(201);
        assertThat(client.put(kv("once2"), "2", "If-None-Match", "*").statusCode()).isEqualTo(412);
        assertThat(client.get(kv("once2")).body()).asString().isEqualTo("1");
    }

    @Test
    void conditionalDelete() {
        long rev = ApiClient.json(client.put(kv("cd"), "v")).getJsonNumber("modRevision").longValue();
        HttpResponse<byte[]> stale = client.delete(kv("cd?prevRevision=" + (rev - 1)));
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(ApiClient.error(stale).getJsonNumber("currentModRevision").longValue()).isEqualTo(rev);
        assertThat(client.delete(kv("cd"), "If-Match", "\"" + rev + "\"").statusCode()).isEqualTo(200);
    }

    @Test
    void anIdempotentRetryReplaysTheFirstResultAndAppliesNothing() {
        HttpResponse<byte[]> first = client.put(kv("idem"), "v1", "Idempotency-Key", "retry-1");
        HttpResponse<byte[]> retry = client.put(kv("idem"), "v2", "Idempotency-Key", "retry-1");
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(client.get(kv("idem")).body()).asString().isEqualTo("v1");
        assertThat(client.get(kv("idem")).headers().firstValue("X-Kv-Version")).contains("1");

        HttpResponse<byte[]> otherKind = client.delete(kv("idem"), "Idempotency-Key", "retry-1");
        assertThat(ApiClient.error(otherKind).getString("code")).isEqualTo("INVALID_PARAMETER");
        assertThat(client.put(kv("idem"), "v", "Idempotency-Key", " ").statusCode()).isEqualTo(400);
    }

    private static URI kv(String rawKeyAndQuery) {
        return cluster.uri("node-1", "/api/v1/kv/" + rawKeyAndQuery);
    }
}
