package io.raftkv.server.http;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

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
        JsonObject json = JsonBodies.readObject(body, FIELDS, "{\"to\": \"node-2\"}");
        JsonValue to = json.get("to");
        if (to == null || to.getValueType() == JsonValue.ValueType.NULL) {
            return new TransferRequest(null);
        }
        if (!(to instanceof JsonString id) || id.getString().isBlank()) {
            throw JsonBodies.invalidBody("\"to\" must be a node id such as \"node-2\"");
        }
        return new TransferRequest(id.getString());
    }
}
