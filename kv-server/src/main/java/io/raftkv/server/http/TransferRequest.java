package io.raftkv.server.http;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.ByteArrayInputStream;
import java.util.Set;

/**
 * The body of {@code POST /api/v1/cluster/leadership}: {@code {"to": "node-2"}}, or no body (or
 * {@code {}}) to let the leader pick its most caught-up follower.
 *
 * @param to the voter to hand leadership to, or null
 */
record TransferRequest(String to) {
    /** Small on purpose: the body is one node id. */
    static final int MAX_BYTES = 4096;
    private static final Set<String> FIELDS = Set.of("to");

    static TransferRequest parse(byte[] body) {
        if (body.length == 0) {
            return new TransferRequest(null);
        }
        JsonObject json;
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw invalid("the body must be a JSON object such as {\"to\": \"node-2\"}");
            }
            json = value.asJsonObject();
        } catch (JsonException e) {
            throw invalid("the body is not valid JSON: " + e.getMessage());
        }
        for (String field : json.keySet()) {
            if (!FIELDS.contains(field)) {
                throw invalid("unknown field '" + field + "'; the body takes only \"to\"");
            }
        }
        JsonValue to = json.get("to");
        if (to == null || to.getValueType() == JsonValue.ValueType.NULL) {
            return new TransferRequest(null);
        }
        if (!(to instanceof JsonString id) || id.getString().isBlank()) {
            throw invalid("\"to\" must be a node id such as \"node-2\"");
        }
        return new TransferRequest(id.getString());
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_REQUEST, message);
    }
}
