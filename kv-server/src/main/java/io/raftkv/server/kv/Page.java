package io.raftkv.server.kv;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One page of a listing, keys in unsigned byte order.
 *
 * @param items the keys on this page
 * @param more  whether keys matching the listing follow this page
 * @param next  when {@code more}, the first key of the next page (pass it as the next call's start);
 *              otherwise null
 */
public record Page(List<KeyValue> items, boolean more, byte[] next) {
    public Page {
        items = List.copyOf(items);
        if (more != (next != null)) {
            throw new IllegalArgumentException("next must be given exactly when more is true");
        }
        next = next == null ? null : next.clone();
    }

    @Override
    public byte[] next() {
        return next == null ? null : next.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Page p && items.equals(p.items) && more == p.more && Arrays.equals(next, p.next);
    }

    @Override
    public int hashCode() {
        return Objects.hash(items, more) * 31 + Arrays.hashCode(next);
    }
}
