package io.raftkv.server.http;

import io.raftkv.server.node.Member;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /api/v1/cluster/members}:
 * {@code {"id":"node-4","http":"http://10.0.0.4:8081","raft":"http://10.0.0.4:9001","learner":true}}.
 * Addresses may leave out the {@code http://}, as the YAML does; {@code learner} defaults to true,
 * since a new node should catch up before it votes.
 *
 * @param member  the node to add
 * @param learner whether it joins as a learner (else as a voter right away)
 */
record MemberRequest(Member member, boolean learner) {
    /** Small on purpose: an id and two addresses. */
    static final int MAX_BYTES = 4096;
    /** As in the YAML's {@code cluster.nodes[].id}. */
    static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Set<String> FIELDS = Set.of("id", "http", "raft", "learner");
    private static final String EXAMPLE =
            "{\"id\": \"node-4\", \"http\": \"http://127.0.0.1:8084\", \"raft\": \"http://127.0.0.1:9004\", \"learner\": true}";

    static MemberRequest parse(byte[] body) {
        if (body.length == 0) {
            throw invalid("the body must name the node, e.g. " + EXAMPLE);
        }
        JsonObject json = JsonBodies.readObject(body, FIELDS, EXAMPLE);
        String id = requireNodeId(text(json, "id"));
        Member member = new Member(id, address(json, "http"), address(json, "raft"));
        JsonValue learner = json.get("learner");
        if (learner != null && learner != JsonValue.TRUE && learner != JsonValue.FALSE) {
            throw invalid("\"learner\" must be true or false");
        }
        return new MemberRequest(member, learner != JsonValue.FALSE);
    }

    /** {@code id} if it is a valid node id. */
    static String requireNodeId(String id) {
        if (!NODE_ID.matcher(id).matches()) {
            throw invalid("a node id is 1 to 64 letters, digits, '.', '_' or '-', not \"" + id + "\"");
        }
        return id;
    }

    private static String text(JsonObject json, String field) {
        if (!(json.get(field) instanceof JsonString s)) {
            throw invalid("\"" + field + "\" is required, a string; e.g. " + EXAMPLE);
        }
        return s.getString();
    }

    /** {@code http://host:port}, from that or {@code host:port}. */
    private static URI address(JsonObject json, String field) {
        String text = text(json, field).trim();
        String full = text.contains("://") ? text : "http://" + text;
        URI uri;
        try {
            uri = new URI(full);
        } catch (URISyntaxException e) {
            throw invalid("\"" + field + "\" is not an address: " + e.getMessage());
        }
        boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1 || !bare
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw invalid("\"" + field + "\" must be http://host:port (or host:port), not \"" + text + "\"");
        }
        return URI.create("http://" + uri.getRawAuthority());
    }

    private static ApiException invalid(String message) {
        return JsonBodies.invalidBody(message);
    }
}
