package io.raftkv.server.raft;

import io.raftkv.server.raft.quorum.MajorityQuorum;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The leader's ReadIndex bookkeeping (thesis §6.4). Each read is stamped with a rising context
 * number; heartbeats carry the newest context, and a read is confirmed once a quorum has answered
 * a heartbeat carrying its context or a later one. One round is in flight at a time: reads that
 * arrive meanwhile share the next, sent once a quorum answered this one (or with the next periodic
 * heartbeat, should its messages be lost). Under load this costs a read at most two round trips
 * and the cluster one round per round trip, not one per batch of reads.
 */
final class ReadIndexTracker {
    /** A read waiting for confirmation. {@code from} is null for this node's own reads. */
    record PendingRead(long context, String from, long requestId, long index) {
    }

    private long context;
    private final ArrayDeque<PendingRead> confirming = new ArrayDeque<>();
    /** Reads that arrived before the leader committed an entry of its term, with no index yet. */
    private final List<PendingRead> awaitingTermCommit = new ArrayList<>();
    private final Map<String, Long> acked = new HashMap<>();
    /** The newest context a heartbeat carried, and the newest a quorum confirmed. */
    private long sentContext;
    private long confirmedContext;

    /** The context the next heartbeat carries: the newest read it may confirm. */
    long context() {
        return context;
    }

    void await(String from, long requestId) {
        awaitingTermCommit.add(new PendingRead(0, from, requestId, 0));
    }

    /** The leader has committed in its term: the waiting reads can take the commit index. */
    void termCommitted(long commitIndex) {
        for (PendingRead read : awaitingTermCommit) {
            add(read.from(), read.requestId(), commitIndex);
        }
        awaitingTermCommit.clear();
    }

    void add(String from, long requestId, long index) {
        confirming.add(new PendingRead(++context, from, requestId, index));
    }

    /** Whether reads wait for a heartbeat round that is not sent, and none is in flight. */
    boolean heartbeatNeeded() {
        return context > sentContext && confirmedContext >= sentContext;
    }

    /** Heartbeats carrying {@link #context()} went out. */
    void sent(long sent) {
        sentContext = Math.max(sentContext, sent);
    }

    void ack(String from, long ackedContext) {
        acked.merge(from, ackedContext, Math::max);
    }

    /** Removes and returns the reads a quorum of {@code voters} has confirmed. */
    List<PendingRead> confirmed(Set<String> voters, String self) {
        long quorumContext = MajorityQuorum.committedIndex(voters,
                v -> v.equals(self) ? context : acked.getOrDefault(v, 0L));
        confirmedContext = Math.max(confirmedContext, quorumContext);
        return takeWhileContextAtMost(quorumContext);
    }

    /** Removes and returns every read, confirmed or not (broken-rule mode, single voter). */
    List<PendingRead> all() {
        return takeWhileContextAtMost(Long.MAX_VALUE);
    }

    private List<PendingRead> takeWhileContextAtMost(long limit) {
        List<PendingRead> out = new ArrayList<>();
        while (!confirming.isEmpty() && confirming.peekFirst().context() <= limit) {
            out.add(confirming.pollFirst());
        }
        return out;
    }

    /** Leadership ended: every read still pending must be refused. */
    List<PendingRead> abandon() {
        List<PendingRead> out = new ArrayList<>(confirming);
        out.addAll(awaitingTermCommit);
        confirming.clear();
        awaitingTermCommit.clear();
        acked.clear();
        sentContext = context;
        confirmedContext = context;
        return out;
    }
}
