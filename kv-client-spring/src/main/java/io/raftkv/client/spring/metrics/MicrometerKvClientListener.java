package io.raftkv.client.spring.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.raftkv.client.KvClientListener;
import io.raftkv.client.KvOperation;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns a {@link io.raftkv.client.KvClient}'s events into Micrometer meters:
 *
 * <ul>
 *   <li>{@value #REQUESTS} (timer): each HTTP attempt, tagged {@code endpoint}, {@code operation}
 *       ({@code get}, {@code put}, ...) and {@code status} (the HTTP status, or {@code none} when
 *       no answer arrived);</li>
 *   <li>{@value #RETRIES} (counter): attempts that will be retried, tagged {@code operation};</li>
 *   <li>{@value #FAILOVERS} (counter): retries sent to another node, tagged {@code from} and {@code to};</li>
 *   <li>{@value #LEADER_CHANGES} (counter): changes of the leader the client writes to.</li>
 * </ul>
 *
 * Endpoint tags are the configured base URLs, so their number is bounded by the cluster's size.
 */
public final class MicrometerKvClientListener implements KvClientListener {

    /** The timer of HTTP attempts. */
    public static final String REQUESTS = "kv.client.requests";
    /** The counter of retries. */
    public static final String RETRIES = "kv.client.retries";
    /** The counter of failovers. */
    public static final String FAILOVERS = "kv.client.failovers";
    /** The counter of leader changes. */
    public static final String LEADER_CHANGES = "kv.client.leader.changes";

    private final MeterRegistry registry;
    private final Counter leaderChanges;

    /**
     * Creates the listener.
     *
     * @param registry where the meters are registered
     */
    public MicrometerKvClientListener(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.leaderChanges = Counter.builder(LEADER_CHANGES)
                .description("Changes of the leader the raftkv client sends writes to")
                .register(registry);
    }

    @Override
    public void requestEnd(String endpoint, KvOperation operation, int status, Duration duration) {
        Timer.builder(REQUESTS)
                .description("HTTP attempts the raftkv client made")
                .tag("endpoint", endpoint)
                .tag("operation", name(operation))
                .tag("status", status < 0 ? "none" : Integer.toString(status))
                .register(registry)
                .record(duration);
    }

    @Override
    public void retry(KvOperation operation, int attempt, Throwable cause, Duration delay) {
        Counter.builder(RETRIES)
                .description("Failed raftkv client attempts that were retried")
                .tag("operation", name(operation))
                .register(registry)
                .increment();
    }

    @Override
    public void failover(String from, String to) {
        Counter.builder(FAILOVERS)
                .description("raftkv client retries sent to another node")
                .tag("from", from)
                .tag("to", to)
                .register(registry)
                .increment();
    }

    @Override
    public void leaderChanged(String previous, String current) {
        leaderChanges.increment();
    }

    private static String name(KvOperation operation) {
        return operation.name().toLowerCase(Locale.ROOT);
    }
}
