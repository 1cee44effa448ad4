package io.raftkv.client.internal;

import io.raftkv.client.ClusterStatus;
import io.raftkv.client.DeleteResult;
import io.raftkv.client.KvEntry;
import io.raftkv.client.KvPage;
import io.raftkv.client.PutResult;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import okhttp3.Headers;

/** Reads the server's success answers (docs/api.md) into the API's value types. */
final class Answers {
    private Answers() {
    }

    static KvEntry entry(String key, Headers headers, byte[] body) {
        return new KvEntry(key, body, header(headers, "X-Kv-Create-Revision"), header(headers, "X-Kv-Mod-Revision"),
                header(headers, "X-Kv-Version"));
    }

    static PutResult put(String key, int status, Headers headers, byte[] body) {
        Map<String, Object> json = json(body);
        return new PutResult(key, status == 201, JsonFields.longField(json, "createRevision", 0),
                JsonFields.longField(json, "modRevision", 0), JsonFields.longField(json, "version", 0),
                replayed(headers));
    }

    static DeleteResult delete(String key, Headers headers, byte[] body) {
        Map<String, Object> json = json(body);
        return new DeleteResult(key, JsonFields.longField(json, "deleted", 0) > 0,
                JsonFields.longField(json, "revision", 0), replayed(headers));
    }

    static KvPage page(byte[] body) {
        Map<String, Object> json = json(body);
        List<KvEntry> entries = JsonFields.objectList(json, "kvs").stream().map(Answers::listed).toList();
        String next = JsonFields.booleanField(json, "more") ? JsonFields.stringField(json, "next") : null;
        return new KvPage(entries, next);
    }

    static ClusterStatus clusterStatus(byte[] body) {
        Map<String, Object> json = json(body);
        Map<String, Object> leader = JsonFields.objectField(json, "leader");
        List<ClusterStatus.Member> members = JsonFields.objectList(json, "members").stream()
                .map(m -> new ClusterStatus.Member(JsonFields.stringField(m, "id"), JsonFields.stringField(m, "http"),
                        JsonFields.stringField(m, "role"), JsonFields.longField(m, "matchIndex", -1),
                        JsonFields.longField(m, "lag", -1), JsonFields.longField(m, "lastContactMillis", -1)))
                .toList();
        return new ClusterStatus(JsonFields.stringField(json, "id"), JsonFields.stringField(json, "role"),
                JsonFields.longField(json, "term", 0),
                leader == null ? null : JsonFields.stringField(leader, "id"),
                leader == null ? null : JsonFields.stringField(leader, "http"),
                JsonFields.longField(json, "commitIndex", 0), JsonFields.longField(json, "appliedIndex", 0), members);
    }

    private static KvEntry listed(Map<String, Object> kv) {
        String value = JsonFields.stringField(kv, "value");
        return new KvEntry(JsonFields.stringField(kv, "key"),
                value == null ? new byte[0] : Base64.getDecoder().decode(value),
                JsonFields.longField(kv, "createRevision", 0), JsonFields.longField(kv, "modRevision", 0),
                JsonFields.longField(kv, "version", 0));
    }

    private static Map<String, Object> json(byte[] body) {
        return Json.object(new String(body, StandardCharsets.UTF_8));
    }

    private static boolean replayed(Headers headers) {
        return "true".equalsIgnoreCase(headers.get("Idempotent-Replayed"));
    }

    private static long header(Headers headers, String name) {
        String value = headers.get(name);
        return value == null || !value.matches("\\d{1,19}") ? 0 : Long.parseLong(value);
    }
}
