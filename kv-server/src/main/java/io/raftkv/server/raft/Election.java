package io.raftkv.server.raft;

import io.raftkv.server.raft.message.AppendRequest;
import io.raftkv.server.raft.message.HeartbeatRequest;
import io.raftkv.server.raft.message.InstallSnapshot;
import io.raftkv.server.raft.message.Message;
import io.raftkv.server.raft.message.TimeoutNow;
import io.raftkv.server.raft.message.VoteRequest;
import io.raftkv.server.raft.message.VoteResponse;
import io.raftkv.server.raft.quorum.MajorityQuorum;

import java.util.HashMap;
import java.util.Map;

/** Leader election (Raft §5.2, §5.4.1) with PreVote (thesis §9.6) and CheckQuorum leases (§6.2). */
final class Election {
    private final Raft r;
    private final Map<String, Boolean> votes = new HashMap<>();
    /**
     * The term of the last pre-vote this node granted to a server with a lower id, and the term it
     * last stood down for. Two servers that time out together grant each other's pre-vote (neither
     * has voted yet), both stand and split the vote, and the next try waits another election timeout
     * (1 kill in ~100 in the failover benchmark: 2.5 s instead of at most 1.6 s). So the one with the
     * higher id stands down instead, once per term, and waits a heartbeat interval for the other's
     * vote request before it campaigns again.
     */
    private long grantedLowerIdPreVote;
    private long stoodDownFor;

    Election(Raft r) {
        this.r = r;
    }

    void resetVotes() {
        votes.clear();
    }

    /** Only voters campaign: learners and removed nodes wait to be told. */
    boolean promotable() {
        return r.membership.current().isVoter(r.id());
    }

    /** Followers and candidates: start an election when the randomized timeout elapses (§5.2). */
    void tick() {
        r.electionElapsed++;
        if (promotable() && r.electionElapsed >= r.randomizedElectionTimeout) {
            r.electionElapsed = 0;
            campaign(false);
        }
    }

    void campaign(boolean transfer) {
        if (!promotable()) {
            return;
        }
        if (r.config.preVote() && !transfer) {
            r.becomePreCandidate();
            requestVotes(true, r.term + 1, false);
        } else {
            elect(transfer);
        }
    }

    private void elect(boolean transfer) {
        r.becomeCandidate();
        requestVotes(false, r.term, transfer);
    }

    private void requestVotes(boolean preVote, long voteTerm, boolean transfer) {
        votes.put(r.id(), true);
        if (MajorityQuorum.tally(r.membership.current().voters(), votes) == MajorityQuorum.VoteResult.WON) {
            won(preVote);
            return;
        }
        for (String voter : r.membership.current().voters()) {
            if (!voter.equals(r.id())) {
                r.send(new VoteRequest(r.id(), voter, voteTerm, r.log.lastIndex(), r.log.lastTerm(), preVote, transfer));
            }
        }
    }

    private void won(boolean preVote) {
        if (!preVote) {
            r.becomeLeader();
        } else if (standsDownFor(r.term + 1)) {
            r.becomeFollower(r.term, null);
            // The other's vote request comes within a round trip; if it was lost, try again soon.
            r.electionElapsed = r.randomizedElectionTimeout - r.config.heartbeatTicks();
        } else {
            elect(false);
        }
    }

    /** Whether to leave {@code term} to the lower-id server whose pre-vote for it this node granted: once a term. */
    private boolean standsDownFor(long term) {
        if (grantedLowerIdPreVote != term || stoodDownFor == term) {
            return false;
        }
        stoodDownFor = term;
        return true;
    }

    /**
     * Decides whether a message from a higher term is heeded, moving to that term when it is.
     * A vote request is ignored while this node hears from a leader (its lease), unless it comes
     * from a leadership transfer (thesis §4.2.3, §6.2). Pre-votes and granted pre-vote answers
     * carry a term nobody has entered yet, so they move no one.
     */
    boolean acceptHigherTerm(Message m) {
        if (m instanceof VoteRequest v) {
            boolean leaseHeld = r.leader != null && r.electionElapsed < r.config.electionTicks()
                    && (v.preVote() || r.config.checkQuorum());
            if (leaseHeld && !v.transfer()) {
                return false;
            }
            if (v.preVote()) {
                return true;
            }
        }
        if (m instanceof VoteResponse v && v.preVote() && v.granted()) {
            return true;
        }
        boolean fromLeader = m instanceof AppendRequest || m instanceof HeartbeatRequest || m instanceof InstallSnapshot;
        r.becomeFollower(m.term(), fromLeader ? m.from() : null);
        return true;
    }

    /** Grants at most one vote per term, to a candidate whose log is at least as up to date (§5.4.1). */
    void onVoteRequest(VoteRequest v) {
        boolean canVote = v.from().equals(r.votedFor)
                || r.votedFor == null && r.leader == null
                || v.preVote() && v.term() > r.term;
        boolean logOk = r.log.isUpToDate(v.lastLogIndex(), v.lastLogTerm())
                || r.config.breaks(RaftConfig.BrokenRule.VOTE_WITHOUT_LOG_CHECK);
        if (canVote && logOk) {
            r.send(new VoteResponse(r.id(), v.from(), v.term(), v.preVote(), true));
            if (v.preVote() && v.from().compareTo(r.id()) < 0) {
                grantedLowerIdPreVote = v.term();
            }
            if (!v.preVote()) {
                r.electionElapsed = 0;
                r.votedFor = v.from();
            }
        } else {
            r.send(new VoteResponse(r.id(), v.from(), r.term, v.preVote(), false));
        }
    }

    void onVoteResponse(VoteResponse v) {
        Role expected = v.preVote() ? Role.PRE_CANDIDATE : Role.CANDIDATE;
        if (r.role != expected) {
            return;
        }
        votes.put(v.from(), v.granted());
        switch (MajorityQuorum.tally(r.membership.current().voters(), votes)) {
            case WON -> won(v.preVote());
            case LOST -> r.becomeFollower(r.term, null);
            case PENDING -> {
            }
        }
    }

    /** The leader asked this node to take over: campaign at once, skipping PreVote (thesis §3.10). */
    void onTimeoutNow(TimeoutNow t) {
        if (r.role == Role.FOLLOWER) {
            campaign(true);
        }
    }
}
