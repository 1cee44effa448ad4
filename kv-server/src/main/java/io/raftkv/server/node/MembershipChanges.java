package io.raftkv.server.node;

import io.raftkv.server.raft.Raft;
import io.raftkv.server.raft.RaftException;
import io.raftkv.server.raft.RaftStatus;
import io.raftkv.server.raft.Role;
import io.raftkv.server.raft.message.ConfChange;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.EntryType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one membership change this node carries at a time, from request to applied. A change the core
 * refuses only because the log has not settled (a new leader has not committed its first entry, or an
 * earlier leader's change has not applied) is retried for up to an election timeout, and so is one
 * that fails the quorum check (a leader just elected has not heard from every peer yet; a peer may be
 * silent for a moment). Two kinds also wait before they are proposed:
 * <ul>
 *   <li>a promotion of a learner that is close behind waits, for up to one election timeout, for an
 *       instant when the learner holds every committed entry (the core promotes only then, thesis
 *       §4.2.1; under a steady write load that instant comes with most acknowledgements);</li>
 *   <li>the leader's removal of itself first hands leadership to the most caught-up voter (thesis
 *       §3.10) and is then answered NOT_LEADER, so the HTTP layer hands it to the new leader, which
 *       removes the old one as a follower: the cluster never waits out an election timeout. Should
 *       the transfer fail, the leader proposes its removal itself and steps down once it applied.</li>
 * </ul>
 * Driver thread only.
 */
final class MembershipChanges {
    private static final Logger log = LoggerFactory.getLogger(MembershipChanges.class);
    /** A learner at most this many entries behind is waited for rather than refused. */
    static final long WAIT_FOR_LAG = 10_000;

    /**
     * One request: {@code member} is the member added (null for a removal or promotion), {@code
     * force} skips the quorum checks.
     */
    record Request(ConfChange change, Member member, boolean force, long deadlineNanos,
                   CompletableFuture<NodeStatus> reply) {
    }

    private final Raft raft;
    private final MemberDirectory directory;
    private final Function<RaftException, NodeException> refusal;
    private final Supplier<NodeException> notLeader;
    private final long waitNanos;
    private enum Wait { CATCH_UP, HAND_OFF, LOG_SETTLING, QUORUM }

    private Request waiting;
    private Wait waitingFor;
    private long waitingUntilNanos;
    private Request proposed;
    private long proposedIndex;
    private long proposedTerm;

    /**
     * @param refusal   what a proposal the core refused answers
     * @param notLeader what a request answers once this node does not lead (NOT_LEADER naming the
     *                  leader, so it is forwarded there: the change was not proposed, or definitely lost)
     */
    MembershipChanges(Raft raft, MemberDirectory directory, Function<RaftException, NodeException> refusal,
                      Supplier<NodeException> notLeader, long waitNanos) {
        this.raft = raft;
        this.directory = directory;
        this.refusal = refusal;
        this.notLeader = notLeader;
        this.waitNanos = waitNanos;
    }

    /** Checks {@code request} and proposes it, or holds it while it may soon pass (see the class comment). */
    void request(Request request, Predicate<String> active, long nowNanos) {
        check(request, active, nowNanos, nowNanos + waitNanos);
    }

    /** {@link #request}, where a quorum check that fails is tried again on each pass until {@code quorumUntilNanos}. */
    private void check(Request request, Predicate<String> active, long nowNanos, long quorumUntilNanos) {
        if (raft.role() != Role.LEADER) {
            request.reply().completeExceptionally(notLeader.get());
            return;
        }
        if (waiting != null || proposed != null) {
            Request current = waiting != null ? waiting : proposed;
            request.reply().completeExceptionally(new NodeException(NodeException.Code.CHANGE_IN_PROGRESS,
                    "a membership change (" + describe(current.change()) + ") is in flight; one change at a time"));
            return;
        }
        NodeException problem = MembershipChecks.problem(request.change(), request.member(), request.force(),
                raft.status(), directory, active);
        String successor = removesItself(request) ? successor(active) : null;
        if (problem == null && successor != null) {
            raft.transferLeadership(successor);
            log.info("Handing leadership to {} before removing this node", successor);
            await(request, Wait.HAND_OFF, nowNanos + 2 * waitNanos);
        } else if (problem == null) {
            propose(request, nowNanos + waitNanos, nowNanos);
        } else if (problem.code() == NodeException.Code.NOT_CAUGHT_UP && closeBehind(request.change().nodeId(), active)) {
            await(request, Wait.CATCH_UP, nowNanos + waitNanos);
        } else if (problem.code() == NodeException.Code.QUORUM_AT_RISK && nowNanos - quorumUntilNanos < 0) {
            await(request, Wait.QUORUM, quorumUntilNanos);
        } else {
            request.reply().completeExceptionally(problem);
        }
    }

    private void await(Request request, Wait what, long untilNanos) {
        waiting = request;
        waitingFor = what;
        waitingUntilNanos = untilNanos;
    }

    private boolean removesItself(Request request) {
        return request.change().type() == ConfChange.Type.REMOVE_NODE && request.change().nodeId().equals(raft.id());
    }

    private String successor(Predicate<String> active) {
        return mostCaughtUpVoter(raft.status(), active);
    }

    /** On a leader, the active voter other than itself whose log matches furthest, or null. */
    static String mostCaughtUpVoter(RaftStatus status, Predicate<String> active) {
        return status.progress().entrySet().stream()
                .filter(e -> !e.getKey().equals(status.id()) && status.conf().isVoter(e.getKey()) && active.test(e.getKey()))
                .max(Comparator.comparingLong(e -> e.getValue().match()))
                .map(Map.Entry::getKey)
                .orElse(null);
    }

    private boolean closeBehind(String learner, Predicate<String> active) {
        RaftStatus status = raft.status();
        RaftStatus.PeerProgress p = status.progress().get(learner);
        return p != null && active.test(learner) && status.commit() - p.match() <= WAIT_FOR_LAG;
    }

    /** Moves a waiting change on, once per driver pass; see the class comment. */
    void onPass(Predicate<String> active, long nowNanos) {
        if (waiting == null) {
            return;
        }
        if (waitingFor == Wait.HAND_OFF) {
            handOffProgressed(nowNanos);
            return;
        }
        if (waitingFor == Wait.LOG_SETTLING) {
            Request request = waiting;
            waiting = null;
            propose(request, waitingUntilNanos, nowNanos);
            return;
        }
        if (waitingFor == Wait.QUORUM) {
            Request request = waiting;
            waiting = null;
            check(request, active, nowNanos, waitingUntilNanos);
            return;
        }
        Request request = waiting;
        if (raft.role() != Role.LEADER) {
            waiting = null;
            request.reply().completeExceptionally(notLeader.get());
            return;
        }
        RaftStatus status = raft.status();
        RaftStatus.PeerProgress p = status.progress().get(request.change().nodeId());
        if (p != null && p.match() >= status.commit()) {
            waiting = null;
            request(request, active, nowNanos);
        } else if (nowNanos - waitingUntilNanos >= 0) {
            waiting = null;
            request.reply().completeExceptionally(MembershipChecks.problem(request.change(), request.member(),
                    request.force(), status, directory, active));
        }
    }

    private void handOffProgressed(long nowNanos) {
        Request request = waiting;
        if (raft.role() == Role.LEADER && !raft.transferringLeadership()) {
            waiting = null;
            log.info("Leadership was not handed over; removing this node as the leader");
            propose(request, nowNanos + waitNanos, nowNanos);
        } else if (raft.role() != Role.LEADER && raft.leader() != null) {
            waiting = null;
            request.reply().completeExceptionally(notLeader.get());
        } else if (nowNanos - waitingUntilNanos >= 0) {
            waiting = null;
            request.reply().completeExceptionally(new NodeException(NodeException.Code.NO_LEADER,
                    "leadership was handed over but no new leader is known yet; the removal was not proposed: retry"));
        }
    }

    /**
     * Proposes {@code request}; while the core refuses it only because the log is not settled (a new
     * leader's first entry, or an earlier leader's change, not yet committed and applied), retries on
     * each pass until {@code untilNanos}.
     */
    private void propose(Request request, long untilNanos, long nowNanos) {
        try {
            proposedIndex = raft.proposeConfChange(request.change());
            proposedTerm = raft.term();
            proposed = request;
            log.info("Proposed {} at index {}", describe(request.change()), proposedIndex);
        } catch (RaftException e) {
            if (e.reason() == RaftException.Reason.CONF_CHANGE_IN_PROGRESS && nowNanos - untilNanos < 0) {
                await(request, Wait.LOG_SETTLING, untilNanos);
            } else {
                request.reply().completeExceptionally(refusal.apply(e));
            }
        }
    }

    /**
     * Entries applied: completes the proposed change with {@code status} (taken after the core took the
     * change in) if its entry applied, or fails it as not led here if another entry took its index.
     */
    void applied(List<Entry> entries, Supplier<NodeStatus> status) {
        if (proposed == null || entries.isEmpty() || entries.getLast().index() < proposedIndex) {
            return;
        }
        Entry at = entries.stream().filter(e -> e.index() == proposedIndex).findFirst().orElse(null);
        Request request = proposed;
        proposed = null;
        if (at != null && at.term() == proposedTerm && at.type() == EntryType.CONF_CHANGE) {
            log.info("Applied {}", describe(request.change()));
            request.reply().complete(status.get());
        } else {
            request.reply().completeExceptionally(notLeader.get());
        }
    }

    /** A snapshot replaced the log up to {@code index}: a change proposed at or below it has an unknown fate. */
    void snapshotInstalled(long index) {
        if (proposed != null && proposedIndex <= index) {
            fail(NodeException.Code.OUTCOME_UNKNOWN, "a snapshot replaced the log at index " + proposedIndex
                    + "; the membership change may or may not have applied: see /api/v1/cluster/status");
        }
    }

    /** Fails a proposed change that outlived its deadline (OUTCOME_UNKNOWN). */
    void expire(long nowNanos) {
        if (proposed != null && nowNanos - proposed.deadlineNanos() >= 0) {
            fail(NodeException.Code.OUTCOME_UNKNOWN, "the membership change was proposed at index " + proposedIndex
                    + " but did not apply in time; see /api/v1/cluster/status for whether it took effect");
        }
    }

    private void fail(NodeException.Code code, String message) {
        proposed.reply().completeExceptionally(new NodeException(code, message));
        proposed = null;
    }

    void failAll(NodeException e) {
        for (Request r : new Request[] {waiting, proposed}) {
            if (r != null) {
                r.reply().completeExceptionally(e);
            }
        }
        waiting = null;
        proposed = null;
    }

    static String describe(ConfChange change) {
        return switch (change.type()) {
            case ADD_VOTER -> "adding voter " + change.nodeId();
            case ADD_LEARNER -> "adding learner " + change.nodeId();
            case REMOVE_NODE -> "removing " + change.nodeId();
        };
    }
}
