package io.raftkv.server.http;

import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.raftkv.server.node.Member;
import io.raftkv.server.node.RaftNode;

/**
 * The cluster as this node sees it.
 * <ul>
 *   <li>{@code curl localhost:8081/api/v1/cluster/status}: role, term, leader, indexes, every member's lag</li>
 *   <li>{@code curl localhost:8081/api/v1/cluster/nodes}: the members and their addresses</li>
 *   <li>{@code curl localhost:8081/api/v1/cluster/leader}: the leader, or 503 {@code NO_LEADER}</li>
 *   <li>{@code curl -X POST localhost:8081/api/v1/cluster/leadership -d '{"to":"node-2"}'}: hands
 *       leadership over (on a follower, through the leader like a write)</li>
 * </ul>
 */
final class ClusterService implements HttpService {
    private final RaftNode node;
    private final WritePath leaderOnly;

    ClusterService(RaftNode node, HttpSettings settings) {
        this.node = node;
        this.leaderOnly = new WritePath(node, settings);
    }

    @Override
    public void routing(HttpRules rules) {
        Handler getOnly = Fallbacks.methodNotAllowed(Method.GET);
        rules.get("/api/v1/cluster/status", this::status)
                .any("/api/v1/cluster/status", getOnly)
                .get("/api/v1/cluster/nodes", this::nodes)
                .any("/api/v1/cluster/nodes", getOnly)
                .get("/api/v1/cluster/leader", this::leader)
                .any("/api/v1/cluster/leader", getOnly)
                .post("/api/v1/cluster/leadership", this::transferLeadership)
                .any("/api/v1/cluster/leadership", Fallbacks.methodNotAllowed(Method.POST));
    }

    @Override
    public void afterStop() {
        leaderOnly.close();
    }

    private void status(ServerRequest req, ServerResponse res) {
        JsonBodies.send(res, Status.OK_200, ClusterJson.status(node.status()));
    }

    private void nodes(ServerRequest req, ServerResponse res) {
        JsonBodies.send(res, Status.OK_200, ClusterJson.members(node.status()));
    }

    private void transferLeadership(ServerRequest req, ServerResponse res) {
        byte[] body = Values.read(req, TransferRequest.MAX_BYTES, "the body");
        TransferRequest transfer = TransferRequest.parse(body);
        leaderOnly.runOnLeader(req, res, body, () -> node.transferLeadership(transfer.to()), ErrorCode.NOT_TRANSFERRED)
                .ifPresent(leader -> JsonBodies.send(res, Status.OK_200, JsonBodies.JSON.createObjectBuilder()
                        .add("leader", ClusterJson.member(leader)).build()));
    }

    private void leader(ServerRequest req, ServerResponse res) {
        Member leader = node.leader();
        if (leader == null) {
            throw new ApiException(ErrorCode.NO_LEADER, "no leader is known right now (an election may be running)");
        }
        JsonBodies.send(res, Status.OK_200, ClusterJson.member(leader).build());
    }
}
