package io.raftkv.server.node;

import io.raftkv.server.raft.ReadState;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Linearizable reads waiting for their read index (thesis §6.4). Driver thread only.
 *
 * <p>Reads that arrive between two passes of the driver share one {@code readIndex} request, so a
 * thousand concurrent GETs cost one heartbeat round, not a thousand. A group is answered once its
 * confirmed index has applied; a refused one (leadership was lost) or one unanswered for a while (the
 * request or its answer was dropped on the way to the leader) asks again under a new id, until the
 * read's deadline.
 */
final class PendingReads {
    /** One read waiting; its group's id changes when the group asks again. */
    record Waiter(long deadlineNanos, CompletableFuture<Void> reply) {
    }

    private static final class Group {
        final List<Waiter> waiters;
        long askedAtNanos;
        long index = -1;

        Group(List<Waiter> waiters, long askedAtNanos) {
            this.waiters = waiters;
            this.askedAtNanos = askedAtNanos;
        }
    }

    private final long reaskAfterNanos;
    private List<Waiter> arriving = new ArrayList<>();
    /** By request id, oldest first. */
    private final Map<Long, Group> groups = new LinkedHashMap<>();
    private final List<Group> confirmed = new ArrayList<>();
    private long nextId = 1;

    PendingReads(long reaskAfterNanos) {
        this.reaskAfterNanos = reaskAfterNanos;
    }

    void add(Waiter w) {
        arriving.add(w);
    }

    /** Reads that need a {@code readIndex} request, as one group under the returned id; 0 if none. */
    long takeArriving(long nowNanos) {
        if (arriving.isEmpty()) {
            return 0;
        }
        long id = nextId++;
        groups.put(id, new Group(arriving, nowNanos));
        arriving = new ArrayList<>();
        return id;
    }

    /** The readIndex request under {@code id} could not be made: hands back its readers to fail. */
    List<Waiter> refused(long id) {
        Group g = groups.remove(id);
        return g == null ? List.of() : g.waiters;
    }

    /** A confirmed (or refused) read index arrived. */
    void confirmed(ReadState state) {
        Group g = groups.remove(state.requestId());
        if (g == null) {
            return; // asked again meanwhile, or timed out
        }
        if (state.refused()) {
            arriving.addAll(g.waiters);
        } else {
            g.index = state.index();
            confirmed.add(g);
        }
    }

    /** Completes every confirmed read whose index has applied. */
    void serve(long appliedIndex) {
        for (Iterator<Group> it = confirmed.iterator(); it.hasNext(); ) {
            Group g = it.next();
            if (g.index <= appliedIndex) {
                it.remove();
                g.waiters.forEach(w -> w.reply().complete(null));
            }
        }
    }

    /**
     * Moves groups unanswered for too long back to arriving, and removes and returns the readers whose
     * deadline passed.
     */
    List<Waiter> expire(long nowNanos) {
        for (Iterator<Group> it = groups.values().iterator(); it.hasNext(); ) {
            Group g = it.next();
            if (nowNanos - g.askedAtNanos >= reaskAfterNanos) {
                it.remove();
                arriving.addAll(g.waiters);
            }
        }
        List<Waiter> expired = new ArrayList<>();
        arriving.removeIf(w -> isPast(w, nowNanos, expired));
        for (Group g : groups.values()) {
            g.waiters.removeIf(w -> isPast(w, nowNanos, expired));
        }
        for (Group g : confirmed) {
            g.waiters.removeIf(w -> isPast(w, nowNanos, expired));
        }
        return expired;
    }

    private static boolean isPast(Waiter w, long nowNanos, List<Waiter> expired) {
        if (nowNanos - w.deadlineNanos() >= 0) {
            expired.add(w);
            return true;
        }
        return false;
    }

    /** Removes and returns every waiting reader (the node stops). */
    List<Waiter> drain() {
        List<Waiter> all = new ArrayList<>(arriving);
        groups.values().forEach(g -> all.addAll(g.waiters));
        confirmed.forEach(g -> all.addAll(g.waiters));
        arriving.clear();
        groups.clear();
        confirmed.clear();
        return all;
    }
}
