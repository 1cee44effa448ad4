package io.raftkv.server.lincheck;

import java.util.Arrays;
import java.util.HashSet;
import java.util.SplittableRandom;

/**
 * Lowe's memoization for the search: the set of linearized operations it currently holds, and
 * every (set, model state) pair it has reached before. Two paths that linearized the same
 * operations into the same state have the same future, so the second one is cut off.
 *
 * <p>The set is hashed incrementally (Zobrist hashing: one random key per operation, XORed in
 * and out), so a probe never walks the bitset unless hashes collide.
 */
final class MemoCache {
    private final long[] linearized;
    private final long[] opKeys;
    private long setHash;
    private final HashSet<Key> seen = new HashSet<>();

    MemoCache(int operations) {
        linearized = new long[(operations + 63) >>> 6];
        opKeys = new SplittableRandom(operations).longs(operations).toArray();
    }

    /**
     * Adds {@code op} to the linearized set, leading to {@code state}; if that pair was reached
     * before, leaves the set as it was and returns false.
     */
    boolean linearize(int op, Object state) {
        flip(op);
        if (seen.contains(new Key(linearized, setHash, state))) {
            flip(op);
            return false;
        }
        seen.add(new Key(linearized.clone(), setHash, state));
        return true;
    }

    /** Removes {@code op}, added by the latest {@link #linearize} still in effect. */
    void unlinearize(int op) {
        flip(op);
    }

    private void flip(int op) {
        linearized[op >>> 6] ^= 1L << op;
        setHash ^= opKeys[op];
    }

    /** A set of operations and a state; the probe shares the live bitset, stored keys copy it. */
    private static final class Key {
        private final long[] bits;
        private final Object state;
        private final int hash;

        Key(long[] bits, long setHash, Object state) {
            this.bits = bits;
            this.state = state;
            long mixed = setHash * 0x9E3779B97F4A7C15L + state.hashCode();
            this.hash = (int) (mixed ^ (mixed >>> 32));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && hash == other.hash
                    && state.equals(other.state) && Arrays.equals(bits, other.bits);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
