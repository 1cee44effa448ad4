package io.raftkv.server.http;

import io.raftkv.proto.kv.KeyMeta;
import io.raftkv.server.kv.KeyValue;
import io.raftkv.server.kv.Page;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.Base64;

/** The JSON shapes of the key-value endpoints. Keys are strings (UTF-8); values base64. */
final class KvJson {
    private KvJson() {
    }

    /** {@code {"key","value","createRevision","modRevision","version"}}, "value" only {@code withValue}. */
    static JsonObject keyValue(KeyValue kv, boolean withValue) {
        return keyValueBuilder(kv, withValue).build();
    }

    /** A write's answer: {@code {"key","createRevision","modRevision","version"}}. */
    static JsonObject written(byte[] key, KeyMeta meta) {
        return JsonBodies.JSON.createObjectBuilder()
                .add("key", Keys.text(key))
                .add("createRevision", meta.getCreateRevision())
                .add("modRevision", meta.getModRevision())
                .add("version", meta.getVersion())
                .build();
    }

    /** {@code {"deleted":1,"revision":R}}, R the store revision of the delete. */
    static JsonObject deleted(long revision) {
        return JsonBodies.JSON.createObjectBuilder().add("deleted", 1).add("revision", revision).build();
    }

    /** {@code {"kvs":[...],"count":n,"more":bool}} plus {@code "next"} (where the next page starts) when more. */
    static JsonObject page(Page page, boolean keysOnly) {
        JsonArrayBuilder kvs = JsonBodies.JSON.createArrayBuilder();
        page.items().forEach(kv -> kvs.add(keyValueBuilder(kv, !keysOnly)));
        JsonObjectBuilder json = JsonBodies.JSON.createObjectBuilder()
                .add("kvs", kvs)
                .add("count", page.items().size())
                .add("more", page.more());
        if (page.more()) {
            json.add("next", Keys.text(page.next()));
        }
        return json.build();
    }

    private static JsonObjectBuilder keyValueBuilder(KeyValue kv, boolean withValue) {
        JsonObjectBuilder json = JsonBodies.JSON.createObjectBuilder().add("key", Keys.text(kv.key()));
        if (withValue) {
            json.add("value", Base64.getEncoder().encodeToString(kv.value()));
        }
        return json.add("createRevision", kv.createRevision())
                .add("modRevision", kv.modRevision())
                .add("version", kv.version());
    }
}
