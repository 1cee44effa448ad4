package io.raftkv.server.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.raftkv.server.node.Member;
import io.raftkv.server.node.RaftNode;

/**
 * Tags every response with {@code X-Kv-Node} (this node's id) and, when a leader is known,
 * {@code X-Kv-Leader} (its HTTP base URL), so a client learns where writes go from any answer.
 */
final class NodeHeaders implements Filter {
    static final HeaderName NODE = HeaderNames.create("X-Kv-Node");
    static final HeaderName LEADER = HeaderNames.create("X-Kv-Leader");

    private final RaftNode node;

    NodeHeaders(RaftNode node) {
        this.node = node;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        set(res.headers());
        chain.proceed();
    }

    void set(ServerResponseHeaders headers) {
        headers.set(NODE, node.id());
        Member leader = node.leader();
        if (leader != null) {
            headers.set(LEADER, leader.http().toString());
        }
    }
}
