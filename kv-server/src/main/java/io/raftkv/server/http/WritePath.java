package io.raftkv.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.raftkv.proto.kv.Command;
import io.raftkv.server.kv.AppliedCommand;
import io.raftkv.server.node.Member;
import io.raftkv.server.node.NodeException;
import io.raftkv.server.node.RaftNode;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Where a write runs: proposed here when this node leads; otherwise, before anything is proposed,
 * handed to the leader (proxied or redirected, per {@link Forwarding}); while no leader is known, once
 * one is, waiting up to an election timeout for it. A request is forwarded at most
 * twice ({@link LeaderProxy#MAX_HOPS}), so a leadership change while it travels (a transfer: the
 * follower forwarded to the old leader, which now names the new one) costs a hop, not an error, yet
 * changes cannot bounce it around the cluster.
 */
final class WritePath implements AutoCloseable {
    private final RaftNode node;
    private final Forwarding forwarding;
    private final LeaderProxy proxy;

    WritePath(RaftNode node, HttpSettings settings) {
        this.node = node;
        this.forwarding = settings.forwarding();
        this.proxy = new LeaderProxy(node.id(), settings.forwardTimeout());
    }

    /**
     * Runs {@code command} here and returns what applying it did, or hands the request to the leader,
     * which then has answered it, and returns empty.
     *
     * @param body the request body as read, for a proxied request
     */
    Optional<AppliedCommand> run(ServerRequest req, ServerResponse res, Command command, byte[] body) {
        return runOnLeader(req, res, body, () -> node.write(command), ErrorCode.OUTCOME_UNKNOWN);
    }

    /**
     * Like {@link #run}, for any request only the leader can carry out: {@code action} runs here when
     * this node leads, and a NOT_LEADER from it hands the request to the leader.
     *
     * @param onTimeout what an answer that never comes means
     */
    <T> Optional<T> runOnLeader(ServerRequest req, ServerResponse res, byte[] body,
                                Supplier<CompletableFuture<T>> action, ErrorCode onTimeout) {
        if (!node.isLeader() && node.leader() == null) {
            node.awaitLeader(); // an election or transfer is on: the new leader is usually known in milliseconds
        }
        if (!node.isLeader()) {
            handOff(req, res, node.leader(), body);
            return Optional.empty();
        }
        try {
            return Optional.of(NodeCalls.await(action.get(), onTimeout));
        } catch (NodeException e) {
            // Leadership moved: NOT_LEADER means the command was not proposed, or was definitely lost, so
            // the leader may run it.
            if (e.code() != NodeException.Code.NOT_LEADER) {
                throw e;
            }
            handOff(req, res, e.leader(), body);
            return Optional.empty();
        }
    }

    private void handOff(ServerRequest req, ServerResponse res, Member leader, byte[] body) {
        if (leader == null || leader.id().equals(node.id())) {
            throw new ApiException(ErrorCode.NO_LEADER, "no leader is known right now (an election may be running)");
        }
        String via = LeaderProxy.forwardedBy(req);
        if (LeaderProxy.hops(via) >= LeaderProxy.MAX_HOPS) {
            throw new ApiException(ErrorCode.NO_LEADER, "forwarded by " + via + " to " + node.id()
                    + ", which is not the leader (leadership is moving); retry");
        }
        switch (forwarding) {
            case PROXY -> proxy.forward(req, res, leader, body);
            case REDIRECT -> {
                res.status(Status.TEMPORARY_REDIRECT_307);
                res.header(HeaderNames.LOCATION, LeaderProxy.targetOn(leader, req).toString());
                res.send();
            }
        }
    }

    @Override
    public void close() {
        proxy.close();
    }
}
