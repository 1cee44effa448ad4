package io.raftkv.server.raft;

import io.raftkv.server.raft.message.AppendRequest;
import io.raftkv.server.raft.message.AppendResponse;
import io.raftkv.server.raft.message.HeartbeatRequest;
import io.raftkv.server.raft.message.HeartbeatResponse;
import io.raftkv.server.raft.message.InstallSnapshot;
import io.raftkv.server.raft.message.Message;
import io.raftkv.server.raft.message.ReadIndexResponse;
import io.raftkv.server.raft.message.Snapshot;

/** What a node does with messages from the leader of its term (Raft §5.3, §7). */
final class Follower {
    private final Raft r;

    Follower(Raft r) {
        this.r = r;
    }

    /** A candidate that hears from a leader of its own term steps back (§5.2). */
    private void heardFromLeader(Message m) {
        if (r.role != Role.FOLLOWER) {
            r.becomeFollower(m.term(), m.from());
        }
        r.electionElapsed = 0;
        r.leader = m.from();
    }

    /**
     * The AppendEntries consistency check (§5.3): accept only if the log holds the leader's
     * previous entry; on a mismatch, hint where the logs may agree so the leader can skip a whole
     * conflicting term per round trip.
     */
    void onAppend(AppendRequest a) {
        heardFromLeader(a);
        RaftLog log = r.log;
        if (a.prevLogIndex() < log.committed()) {
            acknowledge(a, log.committed());
            return;
        }
        if (log.matchTerm(a.prevLogIndex(), a.prevLogTerm())) {
            log.appendFromLeader(a.entries());
            long lastNew = a.prevLogIndex() + a.entries().size();
            log.commitTo(Math.min(a.leaderCommit(), lastNew));
            acknowledge(a, lastNew);
            return;
        }
        long hint = log.findConflictByTerm(Math.min(a.prevLogIndex(), log.lastIndex()), a.prevLogTerm());
        r.send(new AppendResponse(r.id(), a.from(), r.term, false, a.prevLogIndex(), hint, log.term(hint)));
    }

    private void acknowledge(Message m, long index) {
        r.send(new AppendResponse(r.id(), m.from(), r.term, true, index, 0, 0));
    }

    void onHeartbeat(HeartbeatRequest h) {
        heardFromLeader(h);
        r.log.commitTo(h.commit());
        r.send(new HeartbeatResponse(r.id(), h.from(), r.term, h.readContext()));
    }

    /** InstallSnapshot (§7): replace the log unless it already holds the snapshot's last entry. */
    void onSnapshot(InstallSnapshot s) {
        heardFromLeader(s);
        Snapshot snapshot = s.snapshot();
        RaftLog log = r.log;
        if (snapshot.index() <= log.committed()) {
            acknowledge(s, log.committed());
        } else if (log.matchTerm(snapshot.index(), snapshot.term())) {
            log.commitTo(snapshot.index());
            acknowledge(s, snapshot.index());
        } else {
            log.restore(snapshot);
            r.membership.restored(snapshot);
            acknowledge(s, snapshot.index());
        }
    }

    void onReadIndexResponse(ReadIndexResponse response) {
        r.addReadState(new ReadState(response.requestId(), response.index()));
    }
}
