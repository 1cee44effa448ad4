package io.raftkv.server.node;

import io.raftkv.proto.kv.Command;
import io.raftkv.server.kv.AppliedCommand;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Writes that arrived while this leader was handing leadership over, when the core refuses
 * proposals. Rather than answer each with NO_LEADER, the driver holds them (none was proposed, so
 * none can apply) until the transfer ends: then they are proposed here if this node still leads,
 * or answered NOT_LEADER naming the new leader, which the HTTP layer forwards them to. Driver
 * thread only.
 */
final class ParkedWrites {
    /** One held write, with its own deadline and a shorter one for the transfer to end. */
    record Parked(Command command, long deadlineNanos, long releaseByNanos, CompletableFuture<AppliedCommand> reply) {
    }

    private final long patienceNanos;
    private final List<Parked> parked = new ArrayList<>();

    /** @param patienceNanos how long a write waits for the transfer to end (two election timeouts) */
    ParkedWrites(long patienceNanos) {
        this.patienceNanos = patienceNanos;
    }

    void park(Command command, long deadlineNanos, CompletableFuture<AppliedCommand> reply, long nowNanos) {
        parked.add(new Parked(command, deadlineNanos, Math.min(deadlineNanos, nowNanos + patienceNanos), reply));
    }

    boolean isEmpty() {
        return parked.isEmpty();
    }

    /** Takes every held write, for proposing or refusing. */
    List<Parked> takeAll() {
        List<Parked> all = List.copyOf(parked);
        parked.clear();
        return all;
    }

    /** Takes the writes that waited too long for the transfer to end. */
    List<Parked> expire(long nowNanos) {
        List<Parked> expired = new ArrayList<>();
        for (Iterator<Parked> it = parked.iterator(); it.hasNext(); ) {
            Parked p = it.next();
            if (nowNanos - p.releaseByNanos() >= 0) {
                expired.add(p);
                it.remove();
            }
        }
        return expired;
    }
}
