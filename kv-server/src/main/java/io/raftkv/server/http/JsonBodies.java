package io.raftkv.server.http;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Builds and writes JSON bodies. */
final class JsonBodies {
    /** Builders from one factory: {@code Json.createObjectBuilder()} looks the provider up anew on every call. */
    static final JsonBuilderFactory JSON = Json.createBuilderFactory(Map.of());

    private JsonBodies() {
    }

    static void send(ServerResponse res, Status status, JsonObject body) {
        res.status(status);
        res.headers().contentType(MediaTypes.APPLICATION_JSON);
        res.send(bytes(body));
    }

    /** JSON-P specifies {@code toString()} of a value as its JSON text. */
    static byte[] bytes(JsonObject body) {
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
