package io.raftkv.server.node;

import io.raftkv.proto.kv.Command;
import io.raftkv.server.kv.AppliedCommand;
import io.raftkv.server.raft.message.Entry;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The proposals this node made that have not applied yet. Driver thread only.
 *
 * <p>A proposal made at index {@code i} in term {@code t} took effect exactly when the entry that
 * applies at {@code i} has term {@code t} (log matching, Raft §5.3); so a node that led twice may
 * wait on two proposals at one index. Once an entry of term {@code T} applies at index {@code j},
 * no committed log can hold an entry of a term below {@code T} after {@code j} (terms never decrease
 * along a log), so such proposals are <em>definitely lost</em> and safe to propose again. Only a
 * deadline leaves an outcome unknown.
 */
final class PendingWrites {
    /** One waiting proposal; {@code command} is kept so a definitely lost one can be proposed again. */
    record Pending(long index, long term, Command command, long deadlineNanos, CompletableFuture<AppliedCommand> reply) {
    }

    private record Slot(long index, long term) {
    }

    private static final Comparator<Slot> LOG_ORDER = Comparator.comparingLong(Slot::index).thenComparingLong(Slot::term);

    private final TreeMap<Slot, Pending> bySlot = new TreeMap<>(LOG_ORDER);
    /** In proposal order, so deadlines are checked from the oldest; resolved ones leave lazily. */
    private final ArrayDeque<Pending> byAge = new ArrayDeque<>();
    /** How many waiting proposals each term has, to know cheaply whether any is from an older term. */
    private final TreeMap<Long, Integer> termCounts = new TreeMap<>();

    int size() {
        return bySlot.size();
    }

    void add(Pending p) {
        bySlot.put(new Slot(p.index(), p.term()), p);
        byAge.add(p);
        termCounts.merge(p.term(), 1, Integer::sum);
    }

    /**
     * A batch of entries applied, with the results of its commands. Completes the proposals that took
     * effect, and returns, removed, those now definitely lost, for the caller to propose again or fail.
     */
    List<Pending> applied(List<Entry> entries, List<AppliedCommand> results) {
        if (bySlot.isEmpty() || entries.isEmpty()) {
            return List.of();
        }
        Map<Long, AppliedCommand> resultAt = new HashMap<>();
        results.forEach(r -> resultAt.put(r.index(), r));
        List<Pending> lost = new ArrayList<>();
        for (Entry e : entries) {
            for (Pending p : removeAt(e.index())) {
                if (p.term() == e.term()) {
                    p.reply().complete(resultAt.get(e.index()));
                } else {
                    lost.add(p);
                }
            }
        }
        Entry last = entries.getLast();
        lost.addAll(removeOlderThan(last.term(), last.index() + 1));
        return lost;
    }

    /** Proposals from terms before {@code term} at or after {@code fromIndex}: they can no longer commit. */
    private List<Pending> removeOlderThan(long term, long fromIndex) {
        if (termCounts.isEmpty() || termCounts.firstKey() >= term) {
            return List.of();
        }
        List<Pending> lost = new ArrayList<>();
        for (Pending p : List.copyOf(bySlot.tailMap(new Slot(fromIndex, Long.MIN_VALUE)).values())) {
            if (p.term() < term) {
                remove(p);
                lost.add(p);
            }
        }
        return lost;
    }

    /** Removes and returns every proposal at or below {@code index} (a snapshot covered them unseen). */
    List<Pending> removeUpTo(long index) {
        List<Pending> covered = List.copyOf(bySlot.headMap(new Slot(index, Long.MAX_VALUE), true).values());
        covered.forEach(this::remove);
        return covered;
    }

    /** Removes and returns the proposals whose deadline passed. */
    List<Pending> expire(long nowNanos) {
        List<Pending> expired = new ArrayList<>();
        while (!byAge.isEmpty()) {
            Pending oldest = byAge.peek();
            if (bySlot.get(new Slot(oldest.index(), oldest.term())) != oldest) {
                byAge.poll(); // resolved already
            } else if (nowNanos - oldest.deadlineNanos() >= 0) {
                byAge.poll();
                remove(oldest);
                expired.add(oldest);
            } else {
                break;
            }
        }
        return expired;
    }

    /** Removes and returns everything (the node stops). */
    List<Pending> drain() {
        List<Pending> all = new ArrayList<>(bySlot.values());
        bySlot.clear();
        byAge.clear();
        termCounts.clear();
        return all;
    }

    private List<Pending> removeAt(long index) {
        Map<Slot, Pending> at = bySlot.subMap(new Slot(index, Long.MIN_VALUE), true, new Slot(index, Long.MAX_VALUE), true);
        if (at.isEmpty()) {
            return List.of();
        }
        List<Pending> found = List.copyOf(at.values());
        found.forEach(this::remove);
        return found;
    }

    private void remove(Pending p) {
        bySlot.remove(new Slot(p.index(), p.term()));
        termCounts.computeIfPresent(p.term(), (t, n) -> n == 1 ? null : n - 1);
    }
}
