package io.raftkv.server.http;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.ByteArrayInputStream;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Builds and writes JSON bodies, and reads the small JSON objects some requests carry. */
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

    /**
     * {@code body} as a JSON object with no fields but {@code fields}; else INVALID_REQUEST, whose
     * message shows {@code example}.
     */
    static JsonObject readObject(byte[] body, Set<String> fields, String example) {
        JsonObject json;
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw invalidBody("the body must be a JSON object such as " + example);
            }
            json = value.asJsonObject();
        } catch (JsonException e) {
            throw invalidBody("the body is not valid JSON: " + e.getMessage());
        }
        for (String field : json.keySet()) {
            if (!fields.contains(field)) {
                throw invalidBody("unknown field '" + field + "'; the body takes only " + new TreeSet<>(fields)
                        + ", e.g. " + example);
            }
        }
        return json;
    }

    static ApiException invalidBody(String message) {
        return new ApiException(ErrorCode.INVALID_REQUEST, message);
    }

    /** JSON-P specifies {@code toString()} of a value as its JSON text. */
    static byte[] bytes(JsonObject body) {
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
