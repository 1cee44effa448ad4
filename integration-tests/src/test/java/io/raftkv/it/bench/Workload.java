package io.raftkv.it.bench;

import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;

/**
 * The requests of a run: keys {@code bench/0} to {@code bench/<keys-1>} chosen uniformly, every
 * PUT carrying the same value of {@code --value-bytes} bytes.
 */
final class Workload {
    private static final byte[] NO_BODY = new byte[0];

    private final BenchOptions.Op op;
    private final int keys;
    private final byte[] value;
    private final boolean serializable;

    Workload(BenchOptions options) {
        this.op = options.op();
        this.keys = options.keys();
        this.value = "v".repeat(options.valueBytes()).getBytes(StandardCharsets.US_ASCII);
        this.serializable = options.serializable();
    }

    int keys() {
        return keys;
    }

    /** Whether GETs need the keys to exist first (else they would all measure a 404). */
    boolean reads() {
        return op != BenchOptions.Op.PUT;
    }

    /** The next request: a GET or a PUT of a random key, as the op says ({@code mixed}: half each). */
    Transport.Request next(RandomGenerator random) {
        int key = random.nextInt(keys);
        boolean read = op == BenchOptions.Op.GET || (op == BenchOptions.Op.MIXED && random.nextBoolean());
        return read ? new Transport.Request("GET", name(key), serializable, NO_BODY) : put(key);
    }

    Transport.Request put(int key) {
        return new Transport.Request("PUT", name(key), false, value);
    }

    private static String name(int key) {
        return "bench/" + key;
    }
}
