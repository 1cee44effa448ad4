package io.raftkv.client.spring.health;

import io.raftkv.client.ClusterStatus;
import io.raftkv.client.KvClient;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Reports the cluster as {@code UP} while the node that answers {@code GET /api/v1/cluster/status}
 * knows a leader, so writes and linearizable reads can be served; {@code DOWN} while it knows
 * none, or when no node answers within the timeout.
 *
 * <p>Details: {@code leader} (base URL) and {@code leaderId}, {@code term}, the answering
 * {@code node} and its {@code role}, {@code members} and {@code membersReachable}. A member
 * counts as reachable when the answering node heard from it within {@link #REACHABLE_WITHIN}
 * (the answering node always counts). A follower hears only from the leader, so the count is
 * complete when {@code role} is {@code leader}.
 */
public final class KvHealthIndicator extends AbstractHealthIndicator {

    /** How recently the answering node must have heard from a member for it to count as reachable. */
    public static final Duration REACHABLE_WITHIN = Duration.ofSeconds(5);

    private final KvClient client;
    private final Duration timeout;

    /**
     * Creates the indicator.
     *
     * @param client the client whose cluster is checked
     * @param timeout how long a check waits for the status before reporting {@code DOWN}
     */
    public KvHealthIndicator(KvClient client, Duration timeout) {
        super("raftkv health check failed");
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        ClusterStatus status = status();
        (status.leaderUrl() == null ? builder.down() : builder.up())
                .withDetail("node", status.nodeId())
                .withDetail("role", status.role())
                .withDetail("term", status.term())
                .withDetail("members", status.members().size())
                .withDetail("membersReachable", reachable(status));
        if (status.leaderUrl() != null) {
            builder.withDetail("leader", status.leaderUrl()).withDetail("leaderId", status.leaderId());
        }
    }

    private ClusterStatus status() throws Exception {
        CompletableFuture<ClusterStatus> call = client.clusterStatusAsync();
        try {
            return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true); // cancels the HTTP attempt in flight
            throw new TimeoutException("no raftkv node reported its cluster status within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static long reachable(ClusterStatus status) {
        long heard = status.members().stream()
                .filter(m -> !m.id().equals(status.nodeId()))
                .filter(m -> m.lastContactMillis() >= 0 && m.lastContactMillis() <= REACHABLE_WITHIN.toMillis())
                .count();
        return heard + 1;
    }
}
