package io.raftkv.client;

import java.util.List;
import java.util.Objects;

/**
 * One page of a listing, as {@link KvClient#listPage(String, String)} and
 * {@link KvClient#listPageAsync(String, String)} read it: pass {@link #next()} as the next call's
 * {@code start} while {@link #hasMore()}. Immutable.
 *
 * @param entries the page's entries, in key order
 * @param next the first key of the next page, to pass as its {@code start}; {@code null} on the
 *     last page
 */
public record KvPage(List<KvEntry> entries, String next) {

    /**
     * Validates and copies the entries.
     *
     * @param entries the entries, not null; copied
     * @param next the next page's start, or {@code null}
     */
    public KvPage {
        entries = List.copyOf(Objects.requireNonNull(entries, "entries"));
    }

    /**
     * Returns whether keys follow this page.
     *
     * @return {@code true} if {@link #next()} names the next page's start
     */
    public boolean hasMore() {
        return next != null;
    }
}
