package io.raftkv.server.raft;

import io.raftkv.server.raft.message.AppendRequest;
import io.raftkv.server.raft.message.AppendResponse;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.EntryType;
import io.raftkv.server.raft.message.HardState;
import io.raftkv.server.raft.message.HeartbeatRequest;
import io.raftkv.server.raft.message.Message;
import io.raftkv.server.raft.message.VoteRequest;
import io.raftkv.server.raft.message.VoteResponse;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static io.raftkv.server.raft.RaftHarness.BOOTSTRAP_TERM;
import static io.raftkv.server.raft.RaftHarness.bootstrapEntries;
import static io.raftkv.server.raft.RaftHarness.classic;
import static io.raftkv.server.raft.RaftHarness.entries;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of Raft's terms and leader election (Raft §5.1, §5.2), one test per sentence of the
 * paper, in the manner of etcd-io/raft's raft_paper_test.go. Like the paper, these tests run
 * without PreVote and CheckQuorum ({@link RaftHarness#classic}). Log replication is in
 * {@link RaftPaperLogTest}, the safety rules of §5.4 in {@link RaftPaperSafetyTest}.
 */
class RaftPaperTest {
    private static final String[] VOTERS = {"1", "2", "3"};
    /** The last index of a fresh founding member's log: its bootstrap entries, all of {@link RaftHarness#BOOTSTRAP_TERM}. */
    private static final long BOOTSTRAPPED = bootstrapEntries(VOTERS);

    /** Node "1" of voters 1–3, following leader "2" in {@code term}. */
    private static RaftHarness follower(long term) {
        RaftHarness f = RaftHarness.bootstrap(classic("1"), "1", "2", "3");
        f.step(new AppendRequest("2", "1", term, 0, 0, List.of(), 0));
        f.drain();
        return f;
    }

    /** Node "1" of {@code voters}, campaigning in the first election term with its vote requests sent. */
    private static RaftHarness candidate(String... voters) {
        RaftHarness c = RaftHarness.bootstrap(classic("1"), voters);
        c.tickUntil(r -> r.role() == Role.CANDIDATE, 21);
        c.drain();
        return c;
    }

    private static List<VoteResponse> votes(List<Message> out) {
        return out.stream().filter(VoteResponse.class::isInstance).map(VoteResponse.class::cast).toList();
    }

    private static VoteRequest voteRequest(String from, long term, long lastIndex, long lastTerm) {
        return new VoteRequest(from, "1", term, lastIndex, lastTerm, false, false);
    }

    // ---- §5.1 terms ----

    /**
     * "If one server's current term is smaller than the other's, then it updates its current term
     * to the larger value." (Raft §5.1)
     */
    @Test
    void followerAdoptsHigherTermFromAnyMessage() {
        RaftHarness f = follower(2);

        f.step(new AppendRequest("3", "1", 5, 0, 0, List.of(), 0));
        f.drain();

        assertThat(f.raft().term()).isEqualTo(5);
        assertThat(f.raft().role()).isEqualTo(Role.FOLLOWER);
        assertThat(f.raft().leader()).isEqualTo("3");
        assertThat(f.hardState().term()).as("the new term is persisted").isEqualTo(5);
    }

    /**
     * "If a candidate or leader discovers that its term is out of date, it immediately reverts to
     * follower state." (Raft §5.1)
     */
    @Test
    void candidateWithOutOfDateTermRevertsToFollower() {
        RaftHarness c = candidate("1", "2", "3");

        long newer = c.raft().term() + 1;

        c.step(new HeartbeatRequest("2", "1", newer, 0, 0));

        assertThat(c.raft().role()).isEqualTo(Role.FOLLOWER);
        assertThat(c.raft().term()).isEqualTo(newer);
        assertThat(c.raft().leader()).isEqualTo("2");
    }

    /**
     * "If a candidate or leader discovers that its term is out of date, it immediately reverts to
     * follower state." (Raft §5.1)
     */
    @Test
    void leaderWithOutOfDateTermRevertsToFollower() {
        RaftHarness l = RaftHarness.electedLeader(classic("1"), "1", "2", "3");

        l.step(voteRequest("3", 4, 0, 0));

        assertThat(l.raft().role()).isEqualTo(Role.FOLLOWER);
        assertThat(l.raft().term()).isEqualTo(4);
        assertThat(votes(l.drain())).as("the candidate's empty log is behind the leader's no-op")
                .noneMatch(VoteResponse::granted);
    }

    /** "If a server receives a request with a stale term number, it rejects the request." (Raft §5.1) */
    @Test
    void followerRejectsAppendWithStaleTerm() {
        RaftHarness f = follower(2);
        List<Entry> before = f.storedLog();

        // An append that would fit the log (it continues the bootstrap entries), were its term not stale.
        f.step(new AppendRequest("3", "1", 1, BOOTSTRAPPED, BOOTSTRAP_TERM,
                List.of(RaftHarness.e(BOOTSTRAPPED + 1, 1)), 0));
        List<Message> out = f.drain();

        assertThat(f.storedLog()).isEqualTo(before);
        assertThat(f.raft().term()).isEqualTo(2);
        assertThat(f.raft().leader()).isEqualTo("2");
        assertThat(out).filteredOn(AppendResponse.class::isInstance).map(AppendResponse.class::cast)
                .allMatch(r -> !r.success() && r.term() == 2, "a stale leader only learns the newer term");
    }

    /** "If a server receives a request with a stale term number, it rejects the request." (Raft §5.1) */
    @Test
    void voterRejectsVoteRequestWithStaleTerm() {
        RaftHarness f = follower(2);

        // The candidate's log is as up to date as the voter's: only the stale term refuses it.
        f.step(voteRequest("3", 1, BOOTSTRAPPED, BOOTSTRAP_TERM));

        assertThat(votes(f.drain())).noneMatch(VoteResponse::granted);
        assertThat(f.hardState().votedFor()).isNull();
        assertThat(f.raft().term()).isEqualTo(2);
    }

    // ---- §5.2 leader election ----

    /** "When servers start up, they begin as followers." (Raft §5.2) */
    @Test
    void serversStartAsFollowers() {
        Raft r = RaftHarness.bootstrap(classic("1"), "1", "2", "3").raft();

        assertThat(r.role()).isEqualTo(Role.FOLLOWER);
        assertThat(r.term()).as("the term of the bootstrap entries: no election yet").isEqualTo(BOOTSTRAP_TERM);
        assertThat(r.leader()).isNull();
    }

    /**
     * "If a follower receives no communication over a period of time called the election timeout,
     * then it assumes there is no viable leader and begins an election to choose a new leader." (Raft §5.2)
     */
    @Test
    void followerStartsElectionWhenElectionTimeoutElapses() {
        RaftHarness f = RaftHarness.bootstrap(classic("1"), "1", "2", "3");
        long startTerm = f.raft().term();

        int ticks = f.tickUntil(r -> r.role() != Role.FOLLOWER, 20);

        assertThat(ticks).isGreaterThanOrEqualTo(10);
        assertThat(f.raft().role()).isEqualTo(Role.CANDIDATE);
        assertThat(f.raft().term()).isEqualTo(startTerm + 1);
    }

    /**
     * "A server remains in follower state as long as it receives valid RPCs from a leader or
     * candidate." (Raft §5.2)
     */
    @Test
    void followersHearingHeartbeatsNeverStartAnElection() {
        TestNetwork net = TestNetwork.classic("1", "2", "3");
        net.elect("1");
        long leaderTerm = net.raft("1").term();

        net.tickAll(100);

        assertThat(net.sent(VoteRequest.class)).allMatch(v -> v.term() == leaderTerm);
        for (String id : List.of("1", "2", "3")) {
            assertThat(net.raft(id).term()).isEqualTo(leaderTerm);
            assertThat(net.raft(id).leader()).isEqualTo("1");
        }
    }

    /**
     * "Leaders send periodic heartbeats (AppendEntries RPCs that carry no log entries) to all
     * followers in order to maintain their authority." (Raft §5.2)
     */
    @Test
    void leaderSendsHeartbeatToEveryFollowerEachHeartbeatInterval() {
        TestNetwork net = TestNetwork.of(id -> classic(id).withTicks(10, 2), "1", "2", "3");
        net.elect("1");
        long leaderTerm = net.raft("1").term();
        net.clearSent();

        net.tick("1", 10);

        for (String follower : List.of("2", "3")) {
            assertThat(net.sent(HeartbeatRequest.class)).filteredOn(h -> h.to().equals(follower))
                    .hasSize(5).allMatch(h -> h.from().equals("1") && h.term() == leaderTerm);
        }
    }

    /**
     * "To begin an election, a follower increments its current term and transitions to candidate
     * state. It then votes for itself and issues RequestVote RPCs in parallel to each of the other
     * servers in the cluster." (Raft §5.2)
     */
    @Test
    void candidateIncrementsTermVotesForItselfAndRequestsVotesFromAllOthers() {
        RaftHarness c = RaftHarness.bootstrap(classic("1"), "1", "2", "3");
        long term = c.raft().term() + 1;
        c.tickUntil(r -> r.role() == Role.CANDIDATE, 20);

        Ready rd = c.handle();

        assertThat(rd.hardState()).isEqualTo(new HardState(term, "1", BOOTSTRAPPED));
        assertThat(rd.messagesAfterPersist()).containsExactlyInAnyOrder(
                new VoteRequest("1", "2", term, BOOTSTRAPPED, BOOTSTRAP_TERM, false, false),
                new VoteRequest("1", "3", term, BOOTSTRAPPED, BOOTSTRAP_TERM, false, false));
    }

    /**
     * "A candidate wins an election if it receives votes from a majority of the servers in the
     * full cluster for the same term." (Raft §5.2)
     */
    @Test
    void candidateWinsWithVotesFromMajorityOfFullCluster() {
        RaftHarness c = candidate("1", "2", "3", "4", "5");
        long term = c.raft().term();

        c.step(new VoteResponse("2", "1", term, false, true));
        assertThat(c.raft().role()).as("2 of 5 votes").isEqualTo(Role.CANDIDATE);
        c.step(new VoteResponse("3", "1", term, false, true));

        assertThat(c.raft().role()).as("3 of 5 votes").isEqualTo(Role.LEADER);
        assertThat(c.raft().leader()).isEqualTo("1");
    }

    /**
     * "A candidate wins an election if it receives votes from a majority of the servers" — and not
     * otherwise. (Raft §5.2)
     */
    @Test
    void candidateWithoutMajorityDoesNotWin() {
        RaftHarness c = candidate("1", "2", "3", "4", "5");
        long term = c.raft().term();

        c.step(new VoteResponse("2", "1", term, false, true));
        c.step(new VoteResponse("3", "1", term, false, false));
        c.step(new VoteResponse("4", "1", term, false, false));
        c.step(new VoteResponse("2", "1", term, false, true)); // a duplicate counts once

        assertThat(c.raft().role()).isEqualTo(Role.CANDIDATE);
        assertThat(c.raft().term()).as("the votes were counted in the candidate's term").isEqualTo(term);
    }

    /**
     * "Each server will vote for at most one candidate in a given term, on a first-come-first-served
     * basis." A repeated request from the candidate it voted for is granted again (Figure 2:
     * "If votedFor is null or candidateId"). (Raft §5.2)
     */
    @Test
    void voterGrantsAtMostOneVotePerTermFirstComeFirstServed() {
        RaftHarness v = RaftHarness.bootstrap(classic("1"), "1", "2", "3");
        long term = v.raft().term() + 1;

        // Both candidates' logs are as up to date as the voter's (the bootstrap entries).
        v.step(voteRequest("2", term, BOOTSTRAPPED, BOOTSTRAP_TERM));
        List<VoteResponse> first = votes(v.drain());
        v.step(voteRequest("3", term, BOOTSTRAPPED, BOOTSTRAP_TERM));
        List<VoteResponse> second = votes(v.drain());
        v.step(voteRequest("2", term, BOOTSTRAPPED, BOOTSTRAP_TERM));
        List<VoteResponse> again = votes(v.drain());

        assertThat(first).containsExactly(new VoteResponse("1", "2", term, false, true));
        assertThat(second).containsExactly(new VoteResponse("1", "3", term, false, false));
        assertThat(again).containsExactly(new VoteResponse("1", "2", term, false, true));
        assertThat(v.hardState()).isEqualTo(new HardState(term, "2", BOOTSTRAPPED));
    }

    /**
     * "If the leader's term (included in its RPC) is at least as large as the candidate's current
     * term, then the candidate recognizes the leader as legitimate and returns to follower state." (Raft §5.2)
     */
    @Test
    void candidateRecognizesLeaderOfSameTermAndBecomesFollower() {
        RaftHarness c = candidate("1", "2", "3");
        long term = c.raft().term();

        c.step(new AppendRequest("2", "1", term, 0, 0, List.of(), 0));

        assertThat(c.raft().role()).isEqualTo(Role.FOLLOWER);
        assertThat(c.raft().term()).isEqualTo(term);
        assertThat(c.raft().leader()).isEqualTo("2");
    }

    /**
     * "When this happens, each candidate will time out and start a new election by incrementing its
     * term and initiating another round of RequestVote RPCs" (a split vote). (Raft §5.2)
     */
    @Test
    void candidateStartsNewElectionWhenItsElectionTimesOut() {
        RaftHarness c = candidate("1", "2", "3");
        long next = c.raft().term() + 1;

        c.tickUntil(r -> r.term() == next, 20);

        assertThat(c.raft().role()).isEqualTo(Role.CANDIDATE);
        assertThat(c.drain()).filteredOn(VoteRequest.class::isInstance).map(Message::term).containsOnly(next).hasSize(2);
    }

    /**
     * A majority of one is one: a single-voter cluster elects itself when its first election timeout
     * fires. (Raft §5.2)
     */
    @Test
    void singleVoterElectsItselfOnItsFirstTimeout() {
        RaftHarness h = RaftHarness.bootstrap(RaftHarness.defaults("1"), "1");
        long startTerm = h.raft().term();

        h.tickUntil(r -> r.role() != Role.FOLLOWER, 20);

        assertThat(h.raft().role()).isEqualTo(Role.LEADER);
        assertThat(h.raft().term()).isEqualTo(startTerm + 1);
    }

    /**
     * "Raft uses randomized election timeouts ... election timeouts are chosen randomly from a fixed
     * interval (e.g., 150–300ms)" — here [electionTicks, 2 × electionTicks). (Raft §5.2)
     */
    @Test
    void electionTimeoutsAreRandomizedWithinOneToTwoElectionTimeouts() {
        Set<Integer> seen = new HashSet<>();
        for (long seed = 0; seed < 50; seed++) {
            RaftConfig config = RaftConfig.defaults("1", new SplittableRandom(seed))
                    .withPreVote(false).withCheckQuorum(false);
            seen.add(RaftHarness.bootstrap(config, "1", "2", "3").tickUntil(r -> r.role() != Role.FOLLOWER, 40));
        }

        assertThat(seen).allMatch(t -> t >= 10 && t < 20, "within [10, 20)");
        assertThat(seen.size()).as("distinct timeouts over 50 seeds").isGreaterThan(3);
    }

    /**
     * "Raft handles this by having each leader commit a blank no-op entry into the log at the start
     * of its term." (Raft §8)
     */
    @Test
    void newLeaderAppendsNoOpEntryOfItsTerm() {
        RaftHarness l = RaftHarness.electedLeader(classic("1"), "1", "2", "3");

        Entry last = l.storedLog().getLast();

        assertThat(last.index()).as("right after the bootstrap entries").isEqualTo(BOOTSTRAPPED + 1);
        assertThat(last.term()).isEqualTo(l.raft().term());
        assertThat(last.type()).isEqualTo(EntryType.NORMAL);
        assertThat(last.data()).isEmpty();
    }
}
