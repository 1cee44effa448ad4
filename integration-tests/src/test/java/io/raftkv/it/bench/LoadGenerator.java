package io.raftkv.it.bench;

import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The cluster load generator (a benchmark, not a test; {@code scripts/bench.sh} runs the standard
 * suite). It lives in the test scope beside the cluster harness that {@code --op failover} uses,
 * and runs from this module's test classpath:
 *
 * <pre>
 * java -cp "$(the test classpath of integration-tests)" io.raftkv.it.bench.LoadGenerator \
 *     --targets http://127.0.0.1:8081,http://127.0.0.1:8082,http://127.0.0.1:8083 --op put --clients 64
 * </pre>
 *
 * It prints the options, throughput (successful requests per second), latency percentiles of the
 * successful requests, failures by status or exception, and one {@code RESULT} line of
 * {@code name=value} pairs for scripts. Latency is measured closed-loop: a slow answer delays
 * that client's next request rather than queuing more behind it. Exits 1 when nothing succeeded,
 * 2 on bad arguments.
 */
public final class LoadGenerator {
    private LoadGenerator() {}

    public static void main(String[] args) throws InterruptedException {
        if (List.of(args).contains("--help")) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        ClientStats stats = options.op() == BenchOptions.Op.FAILOVER ? failover(options, System.out) : load(options, System.out);
        System.exit(stats.ok() > 0 ? 0 : 1);
    }

    private static ClientStats load(BenchOptions options, PrintStream out) throws InterruptedException {
        List<URI> targets = Targets.choose(options.targets(), options.through());
        String consistency = options.serializable() ? "serializable" : "linearizable";
        out.printf("%s: %d clients, %d-byte values, %d keys, %s reads, through %s %s, %s transport, %s s warm-up + %s s%n",
                name(options.op()), options.clients(), options.valueBytes(), options.keys(), consistency,
                name(options.through()), targets, name(options.transport()), seconds(options.warmup().toMillis()),
                seconds(options.duration().toMillis()));
        ClientStats stats = new LoadRun(options, targets).run();
        double perSecond = stats.ok() / (options.duration().toNanos() / 1e9);
        out.printf("  throughput  %.0f ops/s (%d ok, %d failed)%n", perSecond, stats.ok(), stats.failed());
        out.printf("  latency ms  %s%n", stats.percentiles());
        out.printf("  failures    %s%n", stats.errors.isEmpty() ? "none" : stats.errors);
        out.printf("RESULT op=%s clients=%d value_bytes=%d through=%s consistency=%s transport=%s ops_per_s=%.0f"
                        + " p50_ms=%s p99_ms=%s failed=%d%n", name(options.op()), options.clients(), options.valueBytes(),
                name(options.through()), consistency, name(options.transport()), perSecond, ClientStats.millis(stats.latency.getValueAtPercentile(50)),
                ClientStats.millis(stats.latency.getValueAtPercentile(99)), stats.failed());
        return stats;
    }

    private static ClientStats failover(BenchOptions options, PrintStream out) {
        out.printf("failover: %d tries on a %d-node cluster: kill -9 the leader, time until a write through a survivor"
                + " is acknowledged%n", options.tries(), options.nodes());
        ClientStats stats = new FailoverRun(options, out).run();
        out.printf("  failover ms  %s%n", stats.percentiles());
        out.printf("RESULT op=failover tries=%d p50_ms=%s p99_ms=%s max_ms=%s%n", options.tries(),
                ClientStats.millis(stats.latency.getValueAtPercentile(50)),
                ClientStats.millis(stats.latency.getValueAtPercentile(99)), ClientStats.millis(stats.latency.getMaxValue()));
        return stats;
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : String.format("%.1f", millis / 1000.0);
    }
}
