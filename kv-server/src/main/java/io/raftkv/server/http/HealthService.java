package io.raftkv.server.http;

import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.raftkv.server.node.NodeStatus;
import io.raftkv.server.node.RaftNode;

/**
 * Probes for load balancers and orchestrators.
 * <ul>
 *   <li>{@code curl localhost:8081/health}: 200 while this node knows a leader (it can serve linearizable
 *       requests), else 503; the body says role, term, leader and applied index either way</li>
 *   <li>{@code curl localhost:8081/health/live}: 200 while the process serves HTTP at all</li>
 * </ul>
 */
final class HealthService implements HttpService {
    private final RaftNode node;

    HealthService(RaftNode node) {
        this.node = node;
    }

    @Override
    public void routing(HttpRules rules) {
        Handler getOnly = Fallbacks.methodNotAllowed(Method.GET);
        rules.get("/health", this::ready)
                .any("/health", getOnly)
                .get("/health/live", this::live)
                .any("/health/live", getOnly);
    }

    private void ready(ServerRequest req, ServerResponse res) {
        NodeStatus status = node.status();
        Status answer = status.healthy() ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503;
        JsonBodies.send(res, answer, ClusterJson.health(status));
    }

    private void live(ServerRequest req, ServerResponse res) {
        JsonBodies.send(res, Status.OK_200, JsonBodies.JSON.createObjectBuilder()
                .add("node", node.id())
                .add("live", true)
                .build());
    }
}
