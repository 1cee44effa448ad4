package io.raftkv.client.spring;

import mockwebserver3.MockResponse;

/** Canned raftkv answers for MockWebServer. */
public final class Answers {
    private Answers() {
    }

    /** A {@code GET /api/v1/cluster/status} answer from {@code node-1}; {@code leaderHttp} null for no leader. */
    public static MockResponse clusterStatus(String leaderHttp, long term) {
        String leader = leaderHttp == null ? "null" : "{\"id\":\"node-2\",\"http\":\"" + leaderHttp + "\"}";
        return json(200, "{\"id\":\"node-1\",\"role\":\"follower\",\"term\":" + term + ",\"leader\":" + leader
                + ",\"commitIndex\":7,\"appliedIndex\":7,\"members\":["
                + member("node-1", -1) + "," + member("node-2", 40) + "," + member("node-3", -1) + "]}");
    }

    /** A 503 {@code NO_LEADER}: retryable. */
    public static MockResponse noLeader() {
        return json(503, "{\"error\":{\"code\":\"NO_LEADER\",\"message\":\"no leader\"}}");
    }

    /** A 200 raw value. */
    public static MockResponse value(String value) {
        return new MockResponse.Builder().code(200).body(value).build();
    }

    private static String member(String id, long lastContactMillis) {
        return "{\"id\":\"" + id + "\",\"http\":\"http://" + id + "\",\"role\":\"follower\",\"matchIndex\":-1,"
                + "\"lag\":-1,\"lastContactMillis\":" + lastContactMillis + "}";
    }

    private static MockResponse json(int status, String body) {
        return new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json").body(body).build();
    }
}
