package io.raftkv.server.raft;

import io.raftkv.server.raft.RaftException.Reason;
import io.raftkv.server.raft.message.AppendResponse;
import io.raftkv.server.raft.message.ConfChange;
import io.raftkv.server.raft.message.ConfState;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.EntryType;
import io.raftkv.server.raft.message.HeartbeatResponse;
import io.raftkv.server.raft.message.ReadIndexRequest;
import io.raftkv.server.raft.message.ReadIndexResponse;
import io.raftkv.server.raft.message.TimeoutNow;
import io.raftkv.server.raft.tracker.Progress;

import java.util.List;

/**
 * The leader's work: accepting proposals, replicating them (batched, pipelined), advancing the
 * commit index, confirming reads, transferring leadership and following membership changes.
 */
final class Leader {
    private final Raft r;
    private final Replication replication;
    private long uncommittedBytes;
    private long pendingConfIndex;
    private String transferee;

    Leader(Raft r) {
        this.r = r;
        this.replication = new Replication(r);
    }

    /** Just elected: probe every follower and append a no-op to commit an entry of this term (§5.4.2, thesis §6.4). */
    void start() {
        ConfState conf = r.membership.current();
        r.tracker.reset(conf.voters(), conf.learners(), r.log.lastIndex() + 1);
        r.tracker.get(r.id()).acknowledge(r.log.stable());
        uncommittedBytes = 0;
        transferee = null;
        pendingConfIndex = r.log.lastIndex();
        replication.reset();
        append(EntryType.NORMAL, new byte[0]);
    }

    /** Leadership is over (or never was): refuse the reads it was confirming. */
    void stepDown() {
        if (r.role != Role.LEADER) {
            return;
        }
        for (ReadIndexTracker.PendingRead read : r.reads.abandon()) {
            answer(read, -1);
        }
        transferee = null;
        replication.reset();
    }

    // ---- proposals ---------------------------------------------------------------------------

    long propose(byte[] data) {
        checkAcceptingProposals();
        if (uncommittedBytes > 0 && uncommittedBytes + data.length > r.config.maxUncommittedBytes()) {
            throw new RaftException(Reason.TOO_MUCH_UNCOMMITTED, r.id(), "the leader holds " + uncommittedBytes
                    + " uncommitted bytes (limit " + r.config.maxUncommittedBytes() + "); retry when commits catch up");
        }
        return append(EntryType.NORMAL, data);
    }

    long proposeConfChange(ConfChange change) {
        checkAcceptingProposals();
        if (r.log.term(r.log.committed()) != r.term) {
            throw new RaftException(Reason.CONF_CHANGE_IN_PROGRESS, r.id(),
                    "the new leader has not yet committed an entry of its term; retry shortly");
        }
        if (pendingConfIndex > r.log.applied()) {
            throw new RaftException(Reason.CONF_CHANGE_IN_PROGRESS, r.id(),
                    "a membership change (index " + pendingConfIndex + ") is still in flight; one change at a time");
        }
        String problem = MembershipRules.problemWith(change, r.membership.current(), r.tracker, r.log.committed());
        if (problem != null) {
            throw new RaftException(Reason.INVALID_REQUEST, r.id(), problem);
        }
        pendingConfIndex = append(EntryType.CONF_CHANGE, change.encode());
        return pendingConfIndex;
    }

    private void checkAcceptingProposals() {
        if (r.role != Role.LEADER) {
            throw r.notLeader();
        }
        if (transferee != null) {
            throw new RaftException(Reason.TRANSFERRING_LEADERSHIP, r.id(),
                    "leadership is moving to " + transferee + "; retry on the new leader");
        }
    }

    private long append(EntryType type, byte[] data) {
        long index = r.log.lastIndex() + 1;
        r.log.append(new Entry(index, r.term, type, data));
        uncommittedBytes += data.length;
        replication.entriesAppended();
        return index;
    }

    /** The leader's own log is durable up to its stable index: it counts toward the quorum now. */
    void ownLogPersisted() {
        r.tracker.get(r.id()).acknowledge(r.log.stable());
        maybeCommit();
    }

    /**
     * Commits the highest index a quorum holds, but only if it is of the current term: an entry of
     * an earlier term is committed only indirectly (§5.4.2, Figure 8).
     */
    private void maybeCommit() {
        long index = r.tracker.committedIndex(r.membership.current().voters());
        long old = r.log.committed();
        boolean ownTerm = r.log.term(index) == r.term;
        if (index <= old || !ownTerm && !r.config.breaks(RaftConfig.BrokenRule.COMMIT_PREVIOUS_TERM_BY_COUNTING)) {
            return;
        }
        r.log.commitTo(index);
        for (long i = old + 1; i <= index; i++) {
            Entry e = r.log.entry(i);
            if (e.term() == r.term) {
                uncommittedBytes -= e.size();
            }
        }
        if (ownTerm) {
            r.reads.termCommitted(index);
            releaseConfirmedReads();
        }
        replication.commitAdvanced();
    }

    // ---- replication answers -----------------------------------------------------------------

    void onAppendResponse(AppendResponse a) {
        Progress p = progressOf(a.from());
        if (p == null) {
            return;
        }
        p.setRecentActive(true);
        if (!a.success()) {
            replication.rejected(a, p);
            return;
        }
        boolean advanced = p.acknowledge(a.index());
        if (advanced || p.match() == a.index() && p.state() == Progress.State.PROBE) {
            replication.caughtUp(p);
            maybeCommit();
        }
        replication.sendBacklog(a.from(), p);
        if (a.from().equals(transferee) && p.match() == r.log.lastIndex()) {
            r.send(new TimeoutNow(r.id(), transferee, r.term));
        }
    }

    void onHeartbeatResponse(HeartbeatResponse h) {
        Progress p = progressOf(h.from());
        if (p == null) {
            return;
        }
        p.heardFrom();
        replication.heartbeatAnswered(h.from(), p);
        if (h.readContext() > 0) {
            r.reads.ack(h.from(), h.readContext());
            releaseConfirmedReads();
        }
    }

    private Progress progressOf(String peer) {
        return r.role == Role.LEADER ? r.tracker.get(peer) : null;
    }

    // ---- reads -------------------------------------------------------------------------------

    void onReadIndexRequest(ReadIndexRequest request) {
        if (r.role != Role.LEADER) {
            r.send(new ReadIndexResponse(r.id(), request.from(), r.term, request.requestId(), -1));
            return;
        }
        readIndex(request.from(), request.requestId());
    }

    /** ReadIndex (thesis §6.4): the commit index, once this term has committed and a quorum confirms leadership. */
    void readIndex(String from, long requestId) {
        if (r.log.term(r.log.committed()) != r.term) {
            r.reads.await(from, requestId);
            return;
        }
        r.reads.add(from, requestId, r.log.committed());
        releaseConfirmedReads();
    }

    private void releaseConfirmedReads() {
        List<ReadIndexTracker.PendingRead> confirmed = r.config.breaks(RaftConfig.BrokenRule.READ_INDEX_WITHOUT_HEARTBEAT_QUORUM)
                ? r.reads.all() : r.reads.confirmed(r.membership.current().voters(), r.id());
        for (ReadIndexTracker.PendingRead read : confirmed) {
            answer(read, read.index());
        }
    }

    private void answer(ReadIndexTracker.PendingRead read, long index) {
        if (read.from() == null) {
            r.addReadState(new ReadState(read.requestId(), index));
        } else {
            r.send(new ReadIndexResponse(r.id(), read.from(), r.term, read.requestId(), index));
        }
    }

    // ---- time, transfer, membership ----------------------------------------------------------

    void tick() {
        r.electionElapsed++;
        r.heartbeatElapsed++;
        r.tracker.all().values().forEach(p -> p.tickSnapshot(r.config.electionTicks()));
        if (r.electionElapsed >= r.config.electionTicks()) {
            r.electionElapsed = 0;
            if (r.config.checkQuorum()) {
                if (!r.tracker.quorumActive(r.membership.current().voters(), r.id())) {
                    r.becomeFollower(r.term, null); // thesis §6.2: a leader cut off from its quorum steps down
                    return;
                }
                r.tracker.resetRecentActive();
            }
            transferee = null; // a transfer not done within an election timeout is abandoned (§3.10)
        }
        if (r.heartbeatElapsed >= r.config.heartbeatTicks()) {
            r.heartbeatElapsed = 0;
            replication.heartbeat();
        }
    }

    void transferLeadership(String to) {
        if (r.role != Role.LEADER) {
            throw r.notLeader();
        }
        String target = to != null ? to : MembershipRules.mostCaughtUpFollower(r.membership.current(), r.tracker, r.id());
        if (target == null || !r.membership.current().isVoter(target)) {
            throw new RaftException(Reason.INVALID_REQUEST, r.id(), target == null
                    ? "there is no other voter to hand leadership to" : target + " is not a voter");
        }
        if (target.equals(r.id()) || target.equals(transferee)) {
            return;
        }
        transferee = target;
        r.electionElapsed = 0;
        Progress p = r.tracker.get(target);
        if (p.match() == r.log.lastIndex()) {
            r.send(new TimeoutNow(r.id(), target, r.term));
        } else {
            replication.sendBacklog(target, p);
        }
    }

    String transferee() {
        return transferee;
    }

    void membershipChanged() {
        ConfState conf = r.membership.current();
        if (!conf.isVoter(r.id())) {
            r.becomeFollower(r.term, null); // removed (thesis §4.2.2): step down once the change is applied
            return;
        }
        r.tracker.update(conf.voters(), conf.learners(), r.log.lastIndex() + 1);
        if (transferee != null && !conf.isVoter(transferee)) {
            transferee = null;
        }
        maybeCommit();
        replication.entriesAppended();
    }

    void reportUnreachable(String peer) {
        Progress p = progressOf(peer);
        if (p != null && p.state() == Progress.State.REPLICATE) {
            p.becomeProbe();
        }
    }

    boolean hasPendingSends() {
        return r.role == Role.LEADER && (replication.broadcastPending() || r.reads.heartbeatNeeded());
    }

    void flushPendingSends() {
        if (r.role != Role.LEADER) {
            return;
        }
        replication.flush();
        if (r.reads.heartbeatNeeded()) {
            replication.heartbeat();
        }
    }
}
