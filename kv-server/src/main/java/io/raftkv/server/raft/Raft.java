package io.raftkv.server.raft;

import io.raftkv.server.raft.message.AppendRequest;
import io.raftkv.server.raft.message.AppendResponse;
import io.raftkv.server.raft.message.ConfChange;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.EntryType;
import io.raftkv.server.raft.message.HardState;
import io.raftkv.server.raft.message.HeartbeatRequest;
import io.raftkv.server.raft.message.HeartbeatResponse;
import io.raftkv.server.raft.message.InstallSnapshot;
import io.raftkv.server.raft.message.Message;
import io.raftkv.server.raft.message.ReadIndexRequest;
import io.raftkv.server.raft.message.ReadIndexResponse;
import io.raftkv.server.raft.message.Snapshot;
import io.raftkv.server.raft.message.TimeoutNow;
import io.raftkv.server.raft.message.VoteRequest;
import io.raftkv.server.raft.message.VoteResponse;
import io.raftkv.server.raft.tracker.ProgressTracker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Raft core: a deterministic state machine with no threads, clock, I/O or randomness of its
 * own. Not thread-safe: one driver thread calls it.
 *
 * <p>Inputs are {@link #tick()}, {@link #step(Message)}, {@link #propose(byte[])},
 * {@link #readIndex(long)}, {@link #transferLeadership(String)} and
 * {@link #proposeConfChange(ConfChange)}; output is the {@link Ready} batch, acknowledged with
 * {@link #advance(Ready)}. Roles change only in the {@code become*} methods.
 */
public final class Raft {
    /** Committed entries handed out per Ready, in payload bytes. */
    private static final long MAX_APPLY_BYTES = 8L << 20;

    final RaftConfig config;
    final RaftLog log;
    final Membership membership;
    final ProgressTracker tracker;
    final ReadIndexTracker reads = new ReadIndexTracker();
    final Election election = new Election(this);
    final Leader leaderRole = new Leader(this);
    final Follower followerRole = new Follower(this);

    Role role = Role.FOLLOWER;
    long term;
    String votedFor;
    String leader;
    int electionElapsed;
    int heartbeatElapsed;
    int randomizedElectionTimeout;

    private final List<Message> messages = new ArrayList<>();
    private final List<Message> messagesAfterPersist = new ArrayList<>();
    private final List<ReadState> readStates = new ArrayList<>();
    private HardState persistedHardState;
    private Ready outstanding;

    public Raft(RaftConfig config, PersistentState state) {
        this.config = config;
        HardState hs = state.hardState();
        this.log = new RaftLog(state.snapshot(), state.entries(), hs.commit(), state.applied());
        this.membership = new Membership(state.snapshot(), log);
        this.tracker = new ProgressTracker(config.maxInflight());
        this.term = hs.term();
        this.votedFor = hs.votedFor();
        this.persistedHardState = hs;
        if (state.foundingChanges() != null) {
            appendBootstrapEntries(state.foundingChanges());
        }
        becomeFollower(term, null);
    }

    /** Every founding member writes the same committed entries at term 1: the initial voters. */
    private void appendBootstrapEntries(List<ConfChange> founders) {
        if (log.lastIndex() != 0 || term != 0) {
            throw new IllegalArgumentException("only a node with empty storage can bootstrap a cluster");
        }
        term = 1;
        for (ConfChange add : founders) {
            log.append(new Entry(log.lastIndex() + 1, 1, EntryType.CONF_CHANGE, add.encode()));
        }
        log.commitTo(log.lastIndex());
        membership.catchUpWithCommitted();
    }

    // ---- inputs ------------------------------------------------------------------------------

    /** Advances logical time by one tick. */
    public void tick() {
        if (role == Role.LEADER) {
            leaderRole.tick();
        } else {
            election.tick();
        }
    }

    /** Feeds a message received from another node. Stale or misaddressed messages are ignored. */
    public void step(Message m) {
        if (!config.id().equals(m.to()) || m.from().equals(config.id())) {
            return;
        }
        if (m.term() > term) {
            if (!election.acceptHigherTerm(m)) {
                return;
            }
        } else if (m.term() < term) {
            answerStaleTerm(m);
            return;
        }
        dispatch(m);
    }

    private void dispatch(Message m) {
        switch (m) {
            case VoteRequest v -> election.onVoteRequest(v);
            case VoteResponse v -> election.onVoteResponse(v);
            case AppendRequest a -> followerRole.onAppend(a);
            case HeartbeatRequest h -> followerRole.onHeartbeat(h);
            case InstallSnapshot s -> followerRole.onSnapshot(s);
            case TimeoutNow t -> election.onTimeoutNow(t);
            case ReadIndexResponse r -> followerRole.onReadIndexResponse(r);
            case AppendResponse a -> leaderRole.onAppendResponse(a);
            case HeartbeatResponse h -> leaderRole.onHeartbeatResponse(h);
            case ReadIndexRequest r -> leaderRole.onReadIndexRequest(r);
        }
    }

    /**
     * A message from an older term. Tell a stale leader or pre-candidate about the newer term so it
     * steps down (with CheckQuorum or PreVote it would otherwise never learn, thesis §9.6).
     */
    private void answerStaleTerm(Message m) {
        switch (m) {
            case AppendRequest a -> send(new HeartbeatResponse(id(), a.from(), term, 0));
            case HeartbeatRequest h -> send(new HeartbeatResponse(id(), h.from(), term, 0));
            case VoteRequest v when v.preVote() -> send(new VoteResponse(id(), v.from(), term, true, false));
            default -> {
            }
        }
    }

    /**
     * Appends {@code data} as a new entry if this node is the leader.
     *
     * @return the entry's index; it was proposed in {@link #term()}, and it took effect only if the
     *         entry applied at that index has that term
     * @throws RaftException when not leader, over the uncommitted-bytes limit, or transferring
     */
    public long propose(byte[] data) {
        return leaderRole.propose(data);
    }

    /** Proposes a one-server membership change; same contract as {@link #propose(byte[])}. */
    public long proposeConfChange(ConfChange change) {
        return leaderRole.proposeConfChange(change);
    }

    /**
     * Requests a linearizable read index. The answer arrives as a {@link ReadState} with the same
     * id in a later {@link Ready}.
     *
     * @throws RaftException when no leader is known
     */
    public void readIndex(long requestId) {
        if (role == Role.LEADER) {
            leaderRole.readIndex(null, requestId);
        } else if (leader != null) {
            send(new ReadIndexRequest(id(), leader, term, requestId));
        } else {
            throw notLeader();
        }
    }

    /** Hands leadership to {@code to} (thesis §3.10); only on the leader. */
    public void transferLeadership(String to) {
        leaderRole.transferLeadership(to);
    }

    /**
     * Records that the state machine snapshotted itself at {@code index} (at most the applied
     * index) and discards the log up to it.
     *
     * @return the snapshot, with the term and membership at {@code index}, for the driver to persist;
     *         the core sends it to followers that are behind its first log index. If the log is
     *         already compacted to {@code index} or beyond, the existing snapshot, unchanged
     */
    public Snapshot compact(long index, byte[] snapshotData) {
        if (index <= log.snapshotIndex()) {
            return log.snapshot();
        }
        Snapshot snapshot = new Snapshot(membership.metaAt(index), snapshotData);
        log.compact(snapshot);
        membership.compacted(index);
        return snapshot;
    }

    /** Tells the leader a message to {@code peer} could not be delivered. */
    public void reportUnreachable(String peer) {
        leaderRole.reportUnreachable(peer);
    }

    // ---- output ------------------------------------------------------------------------------

    public boolean hasReady() {
        if (outstanding != null) {
            return false;
        }
        return !messages.isEmpty() || !messagesAfterPersist.isEmpty() || !readStates.isEmpty()
                || !hardState().equals(persistedHardState) || log.hasUnstable()
                || log.unstableSnapshot() != null || log.hasNextCommitted() || leaderRole.hasPendingSends();
    }

    public Ready ready() {
        if (outstanding != null) {
            throw new IllegalStateException("the previous Ready has not been advanced");
        }
        leaderRole.flushPendingSends();
        HardState hs = hardState();
        Snapshot snapshot = log.unstableSnapshot();
        List<Entry> entries = log.unstableEntries();
        boolean mustSync = snapshot != null || !entries.isEmpty() || hs.term() != persistedHardState.term()
                || !Objects.equals(hs.votedFor(), persistedHardState.votedFor());
        outstanding = new Ready(hs.equals(persistedHardState) ? null : hs, snapshot, entries, messages,
                messagesAfterPersist, log.nextCommitted(MAX_APPLY_BYTES), readStates, mustSync);
        messages.clear();
        messagesAfterPersist.clear();
        readStates.clear();
        return outstanding;
    }

    public void advance(Ready rd) {
        if (rd != outstanding) {
            throw new IllegalArgumentException("advance() must get the Ready that ready() returned last");
        }
        outstanding = null;
        if (rd.hardState() != null) {
            persistedHardState = rd.hardState();
        }
        if (rd.snapshot() != null) {
            log.snapshotInstalled(rd.snapshot());
        }
        log.stableTo(rd.entries());
        if (!rd.committedEntries().isEmpty()) {
            log.appliedTo(rd.committedEntries().getLast().index());
            if (membership.applied(rd.committedEntries())) {
                onMembershipChanged();
            }
        }
        if (role == Role.LEADER) {
            leaderRole.ownLogPersisted();
        }
    }

    /** A committed membership change took effect here (thesis §4.1: on every node, once applied). */
    void onMembershipChanged() {
        if (role == Role.LEADER) {
            leaderRole.membershipChanged();
        } else if (role != Role.FOLLOWER && !election.promotable()) {
            becomeFollower(term, null);
        }
    }

    HardState hardState() {
        return new HardState(term, votedFor, log.committed());
    }

    // ---- roles -------------------------------------------------------------------------------

    void becomeFollower(long newTerm, String newLeader) {
        reset(newTerm);
        role = Role.FOLLOWER;
        leader = newLeader;
    }

    void becomePreCandidate() {
        // PreVote changes neither term nor vote, so a failed probe disturbs nobody (thesis §9.6).
        leaderRole.stepDown();
        role = Role.PRE_CANDIDATE;
        leader = null;
        election.resetVotes();
    }

    void becomeCandidate() {
        reset(term + 1);
        role = Role.CANDIDATE;
        votedFor = id();
    }

    void becomeLeader() {
        reset(term);
        role = Role.LEADER;
        leader = id();
        leaderRole.start();
    }

    private void reset(long newTerm) {
        leaderRole.stepDown();
        if (newTerm != term) {
            term = newTerm;
            votedFor = null;
        }
        leader = null;
        electionElapsed = 0;
        heartbeatElapsed = 0;
        randomizedElectionTimeout = config.electionTicks() + config.random().nextInt(config.electionTicks());
        election.resetVotes();
    }

    // ---- helpers for the role classes --------------------------------------------------------

    void send(Message m) {
        boolean promisesDurability = switch (m) {
            case VoteRequest v -> !v.preVote();
            case VoteResponse v -> !v.preVote();
            case AppendResponse a -> true;
            default -> false;
        };
        (promisesDurability ? messagesAfterPersist : messages).add(m);
    }

    void addReadState(ReadState state) {
        readStates.add(state);
    }

    RaftException notLeader() {
        return new RaftException(RaftException.Reason.NOT_LEADER, leader,
                leader == null ? "no leader is known; retry shortly" : "not the leader; the leader is " + leader);
    }

    // ---- status ------------------------------------------------------------------------------

    public RaftStatus status() {
        Map<String, RaftStatus.PeerProgress> progress = new LinkedHashMap<>();
        if (role == Role.LEADER) {
            tracker.all().forEach((peer, p) -> progress.put(peer, new RaftStatus.PeerProgress(
                    p.match(), p.next(), p.state().name(), p.recentActive(), p.learner())));
        }
        return new RaftStatus(id(), role, term, leader, log.committed(), log.applied(), log.firstIndex(),
                log.lastIndex(), membership.current(), progress);
    }

    public String id() {
        return config.id();
    }

    public Role role() {
        return role;
    }

    public long term() {
        return term;
    }

    /** The leader's id as this node knows it, or null. */
    public String leader() {
        return leader;
    }

    /** Whether this node leads and is handing leadership over (it refuses proposals meanwhile). */
    public boolean transferringLeadership() {
        return role == Role.LEADER && leaderRole.transferee() != null;
    }
}
