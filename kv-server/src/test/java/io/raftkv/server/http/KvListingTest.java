package io.raftkv.server.http;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/v1/kv}: pages of keys in byte order, on one real node. */
@ExtendWith(SharedNode.class)
class KvListingTest {
    private static HttpCluster cluster;
    private static ApiClient client;

    @BeforeAll
    static void start(HttpCluster shared) {
        cluster = shared;
        client = cluster.client();
        IntStream.range(0, 25).forEach(i -> client.put(cluster.uri("node-1", "/api/v1/kv/list/%02d".formatted(i)), "v" + i));
        client.put(cluster.uri("node-1", "/api/v1/kv/other"), "o");
    }

    @Test
    void pagesFollowEachOtherThroughNext() {
        JsonObject first = list("prefix=list/&limit=10");
        assertThat(keys(first)).hasSize(10).startsWith("list/00").endsWith("list/09");
        assertThat(first.getInt("count")).isEqualTo(10);
        assertThat(first.getBoolean("more")).isTrue();
        assertThat(first.getString("next")).isEqualTo("list/10");

        JsonObject last = list("prefix=list/&limit=10&start=list/20");
        assertThat(keys(last)).containsExactly("list/20", "list/21", "list/22", "list/23", "list/24");
        assertThat(last.getBoolean("more")).isFalse();
        assertThat(last.containsKey("next")).isFalse();

        JsonObject item = first.getJsonArray("kvs").getJsonObject(3);
        assertThat(Base64.getDecoder().decode(item.getString("value"))).asString().isEqualTo("v3");
        assertThat(item.getJsonNumber("version").longValue()).isEqualTo(1);
        assertThat(item.getJsonNumber("modRevision").longValue()).isEqualTo(item.getJsonNumber("createRevision").longValue());
    }

    @Test
    void pagingDuringWritesNeitherSkipsNorRepeatsAKey() {
        IntStream.range(0, 20).forEach(i -> client.put(cluster.uri("node-1", "/api/v1/kv/live/%02d".formatted(i)), "v"));
        List<String> seen = new ArrayList<>();
        String start = "";
        boolean more = true;
        for (int page = 0; more; page++) {
            JsonObject json = list("prefix=live/&limit=7&consistency=serializable&start="
                    + URLEncoder.encode(start, StandardCharsets.UTF_8));
            seen.addAll(keys(json));
            // writes behind and ahead of the cursor while paging
            client.put(cluster.uri("node-1", "/api/v1/kv/live/0" + page + "x"), "behind");
            client.put(cluster.uri("node-1", "/api/v1/kv/live/1" + page + "y"), "ahead");
            more = json.getBoolean("more");
            start = more ? json.getString("next") : "";
        }
        assertThat(seen).doesNotHaveDuplicates().isSorted();
        assertThat(seen).containsAll(IntStream.range(0, 20).mapToObj("live/%02d"::formatted).toList())
                .contains("live/10y");
    }

    @Test
    void keysOnlyLeavesValuesOutAndWithoutPrefixEveryKeyIsListed() {
        JsonObject json = list("keysOnly=true&limit=20000");
        assertThat(keys(json)).contains("list/00", "other");
        assertThat(json.getJsonArray("kvs").getJsonObject(0).containsKey("value")).isFalse();
        assertThat(json.getJsonArray("kvs").getJsonObject(0).containsKey("modRevision")).isTrue();
        assertThat(json.getBoolean("more")).isFalse();
    }

    @Test
    void queryParametersAreFormDecoded() {
        client.put(cluster.uri("node-1", "/api/v1/kv/a+b%20c%2Fd"), "x");
        assertThat(keys(list("prefix=a%2Bb+c/"))).containsExactly("a+b c/d");
    }

    @Test
    void malformedParametersAre400() {
        for (String query : List.of("limit=0", "limit=-1", "limit=ten", "keysOnly=maybe", "prefix=%FF", "consistency=weak",
                "limt=5", "limit=1&limit=2")) {
            HttpResponse<byte[]> response = client.get(cluster.uri("node-1", "/api/v1/kv?" + query));
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(ApiClient.error(response).getString("code")).as(query).isEqualTo("INVALID_PARAMETER");
        }
    }

    private static JsonObject list(String query) {
        HttpResponse<byte[]> response = client.get(cluster.uri("node-1", "/api/v1/kv?" + query));
        assertThat(response.statusCode()).as(query).isEqualTo(200);
        return ApiClient.json(response);
    }

    private static List<String> keys(JsonObject page) {
        return page.getJsonArray("kvs").stream().map(v -> v.asJsonObject().getString("key")).toList();
    }
}
