package io.raftkv.server.raft;

import io.raftkv.server.raft.message.AppendRequest;
import io.raftkv.server.raft.message.AppendResponse;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.HeartbeatRequest;
import io.raftkv.server.raft.message.InstallSnapshot;
import io.raftkv.server.raft.message.Snapshot;
import io.raftkv.server.raft.tracker.Progress;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the leader sends its log (Raft §5.3, §7). Proposals and commit advances only raise a flag;
 * the sends happen once per {@link Ready}, so many proposals share one AppendEntries per follower
 * (group commit). Each message carries at most {@code maxAppendBytes}; in REPLICATE several go out
 * back to back within the inflight window (pipelining).
 */
final class Replication {
    private final Raft r;
    private boolean broadcastPending;
    /** The commit index each follower was last told, so it hears of a new one exactly once. */
    private final Map<String, Long> commitSent = new HashMap<>();

    Replication(Raft r) {
        this.r = r;
    }

    void reset() {
        broadcastPending = false;
        commitSent.clear();
    }

    void entriesAppended() {
        broadcastPending = true;
    }

    void commitAdvanced() {
        broadcastPending = true;
    }

    boolean broadcastPending() {
        return broadcastPending;
    }

    /** Sends every follower its new entries, or an empty append if only the commit index moved. */
    void flush() {
        if (!broadcastPending) {
            return;
        }
        broadcastPending = false;
        forEachPeer((peer, p) -> {
            boolean commitNews = r.log.committed() > commitSent.getOrDefault(peer, 0L);
            if (!sendBacklog(peer, p) && commitNews) {
                maybeSendAppend(peer, p, true);
            }
        });
    }

    /** Sends as many batches as the follower's state allows; true if any went out. */
    boolean sendBacklog(String peer, Progress p) {
        boolean sent = false;
        while (maybeSendAppend(peer, p, false)) {
            sent = true;
        }
        return sent;
    }

    void heartbeat() {
        long context = r.reads.context();
        forEachPeer((peer, p) -> r.send(new HeartbeatRequest(r.id(), peer, r.term,
                Math.min(p.match(), r.log.committed()), context)));
        r.reads.sent(context);
    }

    /**
     * A follower that answers heartbeats but lags gets an append even if empty: if earlier appends
     * were lost, its rejection puts it back into PROBE (as etcd/raft does).
     */
    void heartbeatAnswered(String peer, Progress p) {
        if (p.match() < r.log.lastIndex()) {
            maybeSendAppend(peer, p, true);
        }
    }

    /** Fast backtracking (§5.3): jump below the follower's hint, skipping a conflicting term at once. */
    void rejected(AppendResponse a, Progress p) {
        long hint = a.hintTerm() > 0 ? r.log.findConflictByTerm(a.hintIndex(), a.hintTerm()) : a.hintIndex();
        if (p.rejected(a.index(), hint)) {
            if (p.state() == Progress.State.REPLICATE) {
                p.becomeProbe();
            }
            maybeSendAppend(a.from(), p, true);
        }
    }

    /** The follower's log matches ours: stream to it from now on. */
    void caughtUp(Progress p) {
        switch (p.state()) {
            case PROBE -> p.becomeReplicate();
            case SNAPSHOT -> {
                if (p.match() >= p.pendingSnapshot()) {
                    p.becomeProbe();
                    p.becomeReplicate();
                }
            }
            case REPLICATE -> {
            }
        }
    }

    private boolean maybeSendAppend(String peer, Progress p, boolean sendIfEmpty) {
        if (p.paused()) {
            return false;
        }
        long prevIndex = p.next() - 1;
        long prevTerm = r.log.term(prevIndex);
        if (prevTerm < 0) {
            sendSnapshot(peer, p);
            return false;
        }
        List<Entry> entries = p.next() <= r.log.lastIndex() ? r.log.slice(p.next(), r.config.maxAppendBytes()) : List.of();
        if (entries.isEmpty() && !sendIfEmpty) {
            return false;
        }
        long commit = r.log.committed();
        r.send(new AppendRequest(r.id(), peer, r.term, prevIndex, prevTerm, entries, commit));
        commitSent.put(peer, commit);
        p.sent(prevIndex + entries.size(), entries.size());
        return true;
    }

    /** The follower needs entries we compacted away: send the snapshot instead (§7). */
    private void sendSnapshot(String peer, Progress p) {
        Snapshot snapshot = r.log.snapshot();
        r.send(new InstallSnapshot(r.id(), peer, r.term, snapshot));
        p.becomeSnapshot(snapshot.index());
    }

    private void forEachPeer(java.util.function.BiConsumer<String, Progress> action) {
        r.tracker.all().forEach((peer, p) -> {
            if (!peer.equals(r.id())) {
                action.accept(peer, p);
            }
        });
    }
}
