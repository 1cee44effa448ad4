package io.raftkv.server.raft;

import io.raftkv.server.raft.message.HardState;
import io.raftkv.server.raft.message.Message;
import io.raftkv.server.raft.message.VoteRequest;
import io.raftkv.server.raft.message.VoteResponse;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.raftkv.server.raft.RaftHarness.BOOTSTRAP_TERM;
import static io.raftkv.server.raft.RaftHarness.bootstrapEntries;
import static io.raftkv.server.raft.RaftHarness.defaults;
import static io.raftkv.server.raft.RaftHarness.entries;
import static org.assertj.core.api.Assertions.assertThat;

/** The PreVote phase of elections (thesis §9.6), with the production defaults. */
class PreVoteTest {
    private static final String[] VOTERS = {"1", "2", "3"};
    /** The last index of a fresh founding member's log: its bootstrap entries, all of {@link RaftHarness#BOOTSTRAP_TERM}. */
    private static final long BOOTSTRAPPED = bootstrapEntries(VOTERS);

    /** Node "1" of {@link #VOTERS}, fresh, with its bootstrap entries already persisted. */
    private static RaftHarness fresh() {
        return RaftHarness.bootstrapped(defaults("1"), VOTERS);
    }

    private static List<VoteRequest> voteRequests(List<Message> out) {
        return out.stream().filter(VoteRequest.class::isInstance).map(VoteRequest.class::cast).toList();
    }

    /**
     * Before an election, a server first asks the others whether its log is up-to-date enough to
     * get their vote, without incrementing its own term, so nothing needs persisting before the
     * probes go out. (thesis §9.6)
     */
    @Test
    void preCandidateKeepsItsTermAndProbesWithTheNextTerm() {
        RaftHarness h = fresh();
        long term = h.raft().term();
        h.tickUntil(r -> r.role() != Role.FOLLOWER, 20);

        Ready rd = h.handle();

        assertThat(h.raft().role()).isEqualTo(Role.PRE_CANDIDATE);
        assertThat(h.raft().term()).isEqualTo(term);
        assertThat(rd.hardState()).isNull();
        assertThat(rd.messages()).containsExactlyInAnyOrder(
                new VoteRequest("1", "2", term + 1, BOOTSTRAPPED, BOOTSTRAP_TERM, true, false),
                new VoteRequest("1", "3", term + 1, BOOTSTRAPPED, BOOTSTRAP_TERM, true, false));
        assertThat(rd.messagesAfterPersist()).isEmpty();
    }

    /**
     * Only when a majority would vote for it does the server increment its term and start a
     * normal election. (thesis §9.6)
     */
    @Test
    void preCandidateStartsRealElectionOnPreVoteQuorum() {
        RaftHarness h = fresh();
        long next = h.raft().term() + 1;
        h.tickUntil(r -> r.role() == Role.PRE_CANDIDATE, 20);
        h.drain();

        h.step(new VoteResponse("2", "1", next, true, true));
        List<Message> out = h.drain();

        assertThat(h.raft().role()).isEqualTo(Role.CANDIDATE);
        assertThat(h.hardState()).isEqualTo(new HardState(next, "1", BOOTSTRAPPED));
        assertThat(voteRequests(out)).hasSize(2).allMatch(v -> !v.preVote() && v.term() == next);
    }

    /** Without a majority of pre-votes the pre-candidate never moves to a new term. (thesis §9.6) */
    @Test
    void preCandidateRejectedByMajorityDoesNotIncrementTerm() {
        RaftHarness h = fresh();
        long term = h.raft().term();
        HardState persisted = h.hardState();
        h.tickUntil(r -> r.role() == Role.PRE_CANDIDATE, 20);
        h.drain();

        // Rejections from voters still in the pre-candidate's own term.
        h.step(new VoteResponse("2", "1", term, true, false));
        h.step(new VoteResponse("3", "1", term, true, false));
        h.drain();

        assertThat(h.raft().role()).isNotIn(Role.CANDIDATE, Role.LEADER);
        assertThat(h.raft().term()).isEqualTo(term);
        assertThat(h.hardState()).isEqualTo(persisted);
    }

    /**
     * A pre-vote rejection from a server in a higher term still teaches the pre-candidate that term.
     * (Raft §5.1, thesis §9.6)
     */
    @Test
    void preCandidateAdoptsHigherTermFromRejection() {
        RaftHarness h = RaftHarness.bootstrap(defaults("1"), "1", "2", "3");
        h.tickUntil(r -> r.role() == Role.PRE_CANDIDATE, 20);
        h.drain();

        h.step(new VoteResponse("2", "1", 5, true, false));

        assertThat(h.raft().role()).isEqualTo(Role.FOLLOWER);
        assertThat(h.raft().term()).isEqualTo(5);
    }

    /** A pre-vote is a probe: granting it changes neither the voter's term nor its vote. (thesis §9.6) */
    @Test
    void grantingPreVoteChangesNeitherTermNorVote() {
        RaftHarness v = fresh();
        long term = v.raft().term();
        HardState persisted = v.hardState();

        v.step(new VoteRequest("2", "1", term + 1, BOOTSTRAPPED, BOOTSTRAP_TERM, true, false));
        Ready rd = v.handle();

        assertThat(rd.messages()).containsExactly(new VoteResponse("1", "2", term + 1, true, true));
        assertThat(rd.hardState()).isNull();
        assertThat(v.raft().term()).isEqualTo(term);
        assertThat(v.hardState()).isEqualTo(persisted);
    }

    /**
     * Servers grant a pre-vote only under the rules of a real vote, including the log check of §5.4.1.
     * (thesis §9.6)
     */
    @Test
    void preVoteDeniedToCandidateWithStaleLog() {
        RaftHarness v = RaftHarness.withLog(defaults("1"), 1, 0, entries(1, 1), "1", "2", "3");

        v.step(new VoteRequest("2", "1", 2, 1, 1, true, false));

        assertThat(v.drain()).filteredOn(VoteResponse.class::isInstance).map(VoteResponse.class::cast)
                .isNotEmpty().noneMatch(VoteResponse::granted);
        assertThat(v.raft().term()).isEqualTo(1);
    }

    /**
     * Two servers that time out together grant each other's pre-vote, and both standing would split
     * the vote and cost another election timeout. The one with the higher id stands down instead and
     * votes for the other. (Not in the thesis: PreVote alone does not prevent this, §9.6.)
     */
    @Test
    void ofTwoPreCandidatesThatGrantedEachOtherTheHigherIdStandsDownAndVotesForTheOther() {
        RaftHarness h = preCandidate("2");
        long term = h.raft().term();

        preVotesCrossed(h, "1", term + 1);

        assertThat(voteRequests(h.drain())).isEmpty();
        assertThat(h.raft().role()).isEqualTo(Role.FOLLOWER);
        assertThat(h.raft().term()).isEqualTo(term);

        h.step(new VoteRequest("1", "2", term + 1, BOOTSTRAPPED, BOOTSTRAP_TERM, false, false));
        assertThat(h.drain()).contains(new VoteResponse("2", "1", term + 1, false, true));
    }

    /**
     * A server stands down once a term, and for a heartbeat interval only: if the other's vote
     * request does not come (lost, or the other died), it campaigns again and then stands.
     */
    @Test
    void aServerStandsDownOnceATermAndOnlyForAHeartbeatInterval() {
        RaftHarness h = preCandidate("2");
        long next = h.raft().term() + 1;
        preVotesCrossed(h, "1", next);
        h.drain();

        h.tickUntil(r -> r.role() == Role.PRE_CANDIDATE, defaults("2").heartbeatTicks());
        h.drain();
        h.step(new VoteResponse("3", "2", next, true, true));

        assertThat(h.raft().role()).isEqualTo(Role.CANDIDATE);
        assertThat(voteRequests(h.drain())).hasSize(2).allMatch(v -> !v.preVote() && v.term() == next);
    }

    /** Granting the pre-vote of a server with a higher id does not hold a server back. */
    @Test
    void grantingAHigherIdsPreVoteDoesNotStopAServerStanding() {
        RaftHarness h = preCandidate("1");
        long next = h.raft().term() + 1;

        preVotesCrossed(h, "2", next);

        assertThat(h.raft().role()).isEqualTo(Role.CANDIDATE);
        assertThat(h.raft().term()).isEqualTo(next);
    }

    /** {@code h} grants {@code other}'s pre-vote for {@code term}, then gets {@code other}'s grant of its own. */
    private static void preVotesCrossed(RaftHarness h, String other, long term) {
        h.step(new VoteRequest(other, h.id(), term, BOOTSTRAPPED, BOOTSTRAP_TERM, true, false));
        h.step(new VoteResponse(other, h.id(), term, true, true));
    }

    /** Server {@code id} of {@link #VOTERS}, fresh, timed out into a pre-candidate, its probes sent. */
    private static RaftHarness preCandidate(String id) {
        RaftHarness h = RaftHarness.bootstrapped(defaults(id), VOTERS);
        h.tickUntil(r -> r.role() == Role.PRE_CANDIDATE, 20);
        h.drain();
        return h;
    }

    /**
     * PreVote keeps a partitioned server from disrupting the cluster when it rejoins: its term does
     * not grow while it is cut off, so its return changes nothing. (thesis §9.6)
     */
    @Test
    void rejoiningPartitionedNodeDoesNotDisruptLeader() {
        TestNetwork net = TestNetwork.defaults("1", "2", "3");
        net.elect("1");
        long term = net.raft("1").term();

        net.isolate("3");
        net.tickAll(100);
        assertThat(net.raft("3").term()).as("term of the partitioned node").isEqualTo(term);

        net.recover();
        net.tickAll(30);

        assertThat(net.leader()).isEqualTo("1");
        assertThat(List.of("1", "2", "3")).allMatch(id -> net.raft(id).term() == term);
        assertThat(net.raft("3").leader()).isEqualTo("1");
    }

    /**
     * The problem PreVote solves: without it, a partitioned server keeps incrementing its term and,
     * on rejoining, forces the leader to step down. (thesis §9.6)
     */
    @Test
    void withoutPreVoteRejoiningNodeDisruptsLeader() {
        TestNetwork net = TestNetwork.of(id -> defaults(id).withPreVote(false), "1", "2", "3");
        net.elect("1");
        long term = net.raft("1").term();

        net.isolate("3");
        net.tickAll(100);
        assertThat(net.raft("3").term()).isGreaterThan(term);

        net.recover();
        net.tickAll(1);

        assertThat(net.raft("1").term()).isGreaterThan(term);
    }
}
