package io.raftkv.it.bench;

import io.raftkv.it.ClusterNode;
import io.raftkv.it.ClusterStorage;
import io.raftkv.it.LocalCluster;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * {@code --op failover}: on a cluster of its own, {@code --tries} times: kill -9 the leader and
 * time until a write through a survivor is acknowledged (tried every 10 ms, each try bounded by
 * 500 ms); then restart the killed node and wait until every node knows the leader again. A try
 * over {@link #EXPLAINED_OVER} prints the nodes' log tails (a split vote shows as two "Campaigning").
 */
final class FailoverRun {
    /** A bigger heap than the tests' nodes get; the default JIT, as in production. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx1g");
    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(30);
    /** A try slower than issue 3's target prints every node's last log lines, to tell why. */
    private static final Duration EXPLAINED_OVER = Duration.ofSeconds(2);

    private final BenchOptions options;
    private final PrintStream out;

    FailoverRun(BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    ClientStats run() {
        ClientStats failovers = new ClientStats();
        try (LocalCluster cluster = LocalCluster.start(options.nodes(), JVM_OPTIONS, ClusterStorage.bdb())) {
            try {
                for (int attempt = 1; attempt <= options.tries(); attempt++) {
                    failovers.ok(failOver(cluster, attempt));
                }
                cluster.awaitLeader();
            } catch (RuntimeException | Error e) {
                out.println(cluster.logTails());
                throw e;
            }
        }
        return failovers;
    }

    /** One try; returns the nanoseconds from the kill to the first acknowledged write. */
    private long failOver(LocalCluster cluster, int attempt) {
        ClusterNode leader = cluster.awaitLeader();
        long killed = System.nanoTime();
        cluster.kill(leader);
        cluster.awaitWriteThrough(cluster.running(), "failover/" + attempt, GIVE_UP_AFTER);
        long nanos = System.nanoTime() - killed;
        out.printf("  try %2d: killed %s, a write succeeded %s ms later%n", attempt, leader.id(),
                ClientStats.millis(nanos / 1000));
        if (nanos > EXPLAINED_OVER.toNanos()) {
            out.println(cluster.logTails());
        }
        cluster.restart(leader);
        return nanos;
    }
}
