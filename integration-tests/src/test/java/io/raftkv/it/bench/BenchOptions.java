package io.raftkv.it.bench;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator's command line, parsed and checked; every option has a default except
 * {@code --targets} (needed by all but {@code --op failover}, which starts its own cluster).
 */
record BenchOptions(List<URI> targets, Op op, int clients, int valueBytes, Duration duration, Duration warmup,
                    int keys, Through through, boolean serializable, Transport.Kind transport, int tries, int nodes) {
    static final String USAGE = """
            usage: LoadGenerator --targets http://127.0.0.1:8081,... [--op put|get|mixed] [--clients 64]
                                 [--value-bytes 128] [--duration 30s] [--warmup 5s] [--keys 10000]
                                 [--through any|leader|follower] [--consistency linearizable|serializable]
                                 [--transport raw|jdk|sdk]
                   LoadGenerator --op failover [--tries 20] [--nodes 3]
            mixed is 50% GET, 50% PUT. Durations: 500ms, 30s, 2m.""";

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)");

    /** What each client does. */
    enum Op { PUT, GET, MIXED, FAILOVER }

    /** Which nodes the clients send to: all targets, only the leader, or only the others. */
    enum Through { ANY, LEADER, FOLLOWER }

    static BenchOptions parse(String... args) {
        List<URI> targets = List.of();
        Op op = Op.PUT;
        int clients = 64;
        int valueBytes = 128;
        Duration duration = Duration.ofSeconds(30);
        Duration warmup = Duration.ofSeconds(5);
        int keys = 10_000;
        Through through = Through.ANY;
        boolean serializable = false;
        Transport.Kind transport = Transport.Kind.RAW;
        int tries = 20;
        int nodes = 3;
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[i + 1];
            switch (name) {
                case "--targets" -> targets = Arrays.stream(value.split(",")).map(String::trim).map(URI::create).toList();
                case "--op" -> op = choice(name, value, Op.class);
                case "--clients" -> clients = positive(name, value);
                case "--value-bytes" -> valueBytes = positive(name, value);
                case "--duration" -> duration = duration(name, value);
                case "--warmup" -> warmup = duration(name, value);
                case "--keys" -> keys = positive(name, value);
                case "--through" -> through = choice(name, value, Through.class);
                case "--consistency" -> serializable = switch (value) {
                    case "linearizable" -> false;
                    case "serializable" -> true;
                    default -> throw new IllegalArgumentException("--consistency is linearizable or serializable, not " + value);
                };
                case "--transport" -> transport = choice(name, value, Transport.Kind.class);
                case "--tries" -> tries = positive(name, value);
                case "--nodes" -> nodes = positive(name, value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if (op != Op.FAILOVER && targets.isEmpty()) {
            throw new IllegalArgumentException("--targets is required for --op " + op.name().toLowerCase(Locale.ROOT));
        }
        if (duration.isZero()) {
            throw new IllegalArgumentException("--duration must be longer than 0");
        }
        if (op == Op.FAILOVER && nodes < 3) {
            throw new IllegalArgumentException("--op failover needs --nodes 3 or more: one node down must leave a quorum");
        }
        return new BenchOptions(targets, op, clients, valueBytes, duration, warmup, keys, through, serializable,
                transport, tries, nodes);
    }

    private static <E extends Enum<E>> E choice(String name, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is one of " + Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).toList() + ", not " + value);
        }
    }

    private static int positive(String name, String value) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // Reported below, with the option's name.
        }
        throw new IllegalArgumentException(name + " must be a positive integer, not " + value);
    }

    /** {@code 500ms}, {@code 30s} or {@code 2m}; {@code 0s} allowed (no warm-up). */
    static Duration duration(String name, String value) {
        Matcher duration = DURATION.matcher(value);
        if (!duration.matches()) {
            throw new IllegalArgumentException(name + " is a duration like 500ms, 30s or 2m, not " + value);
        }
        long amount = Long.parseLong(duration.group(1));
        return switch (duration.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
    }
}
