package io.raftkv.server.http;

import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.raftkv.server.node.NodeStatus;
import io.raftkv.server.node.RaftNode;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The membership, changed one server at a time on the leader (a follower hands the request over,
 * like a write); each change answers the membership once it applied.
 * <ul>
 *   <li>{@code curl localhost:8081/api/v1/cluster/members}: the members, their addresses and roles</li>
 *   <li>{@code curl -X POST localhost:8081/api/v1/cluster/members -d '{"id":"node-4","http":"127.0.0.1:8084","raft":"127.0.0.1:9004"}'}:
 *       adds a learner ({@code "learner":false} for a voter)</li>
 *   <li>{@code curl -X POST localhost:8081/api/v1/cluster/members/node-4/promote}: makes a caught-up learner a voter</li>
 *   <li>{@code curl -X DELETE localhost:8081/api/v1/cluster/members/node-4}: removes a member, the leader too</li>
 * </ul>
 * {@code ?force=true} skips the checks that the cluster keeps a quorum.
 */
final class MembersService implements HttpService {
    private static final String MEMBERS = "/api/v1/cluster/members";
    private static final Set<String> FORCE = Set.of("force");

    private final RaftNode node;
    private final WritePath leaderOnly;

    MembersService(RaftNode node, HttpSettings settings) {
        this.node = node;
        this.leaderOnly = new WritePath(node, settings);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(MEMBERS, this::list)
                .post(MEMBERS, this::add)
                .any(MEMBERS, Fallbacks.methodNotAllowed(Method.GET, Method.POST))
                .delete(MEMBERS + "/{id}", this::remove)
                .any(MEMBERS + "/{id}", Fallbacks.methodNotAllowed(Method.DELETE))
                .post(MEMBERS + "/{id}/promote", this::promote)
                .any(MEMBERS + "/{id}/promote", Fallbacks.methodNotAllowed(Method.POST));
    }

    @Override
    public void afterStop() {
        leaderOnly.close();
    }

    private void list(ServerRequest req, ServerResponse res) {
        JsonBodies.send(res, Status.OK_200, ClusterJson.members(node.status()));
    }

    private void add(ServerRequest req, ServerResponse res) {
        boolean force = force(req);
        byte[] body = Values.read(req, MemberRequest.MAX_BYTES, "the body");
        MemberRequest add = MemberRequest.parse(body);
        change(req, res, body, Status.CREATED_201, () -> node.addMember(add.member(), add.learner(), force));
    }

    private void promote(ServerRequest req, ServerResponse res) {
        boolean force = force(req);
        String id = memberId(req);
        change(req, res, new byte[0], Status.OK_200, () -> node.promoteMember(id, force));
    }

    private void remove(ServerRequest req, ServerResponse res) {
        boolean force = force(req);
        String id = memberId(req);
        change(req, res, new byte[0], Status.OK_200, () -> node.removeMember(id, force));
    }

    private void change(ServerRequest req, ServerResponse res, byte[] body, Status status,
                        Supplier<CompletableFuture<NodeStatus>> action) {
        leaderOnly.runOnLeader(req, res, body, action, ErrorCode.OUTCOME_UNKNOWN)
                .ifPresent(after -> JsonBodies.send(res, status, ClusterJson.members(after)));
    }

    private static boolean force(ServerRequest req) {
        return QueryParams.parse(req.prologue().query().rawValue(), FORCE).flag("force");
    }

    private static String memberId(ServerRequest req) {
        return MemberRequest.requireNodeId(req.path().pathParameters().get("id"));
    }
}
