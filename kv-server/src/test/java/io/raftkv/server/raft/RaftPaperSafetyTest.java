package io.raftkv.server.raft;

import io.raftkv.server.raft.message.AppendRequest;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.Message;
import io.raftkv.server.raft.message.VoteRequest;
import io.raftkv.server.raft.message.VoteResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.raftkv.server.raft.RaftHarness.classic;
import static io.raftkv.server.raft.RaftHarness.entries;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Raft's safety argument made executable (Raft §5.4): the election restriction of §5.4.1 and the
 * commitment rule of §5.4.2 (Figure 8), in the manner of etcd-io/raft's raft_paper_test.go.
 * Without PreVote and CheckQuorum, like the paper.
 */
class RaftPaperSafetyTest {
    private static final String[] VOTERS = {"1", "2", "3"};

    private static List<VoteResponse> votes(List<Message> out) {
        return out.stream().filter(VoteResponse.class::isInstance).map(VoteResponse.class::cast).toList();
    }

    private static VoteRequest voteRequest(String from, long term, long lastIndex, long lastTerm) {
        return new VoteRequest(from, "1", term, lastIndex, lastTerm, false, false);
    }

    // ---- §5.4.1 election restriction ----

    /**
     * "If the logs have last entries with different terms, then the log with the later term is more
     * up-to-date." (Raft §5.4.1)
     */
    @Test
    void voterRejectsCandidateWhoseLastLogTermIsOlder() {
        RaftHarness v = RaftHarness.withLog(classic("1"), 2, 0, entries(1, 2), "1", "2", "3");

        v.step(voteRequest("2", 3, 5, 1));

        assertThat(votes(v.drain())).isNotEmpty().noneMatch(VoteResponse::granted);
        assertThat(v.raft().term()).as("the higher term is still adopted (§5.1)").isEqualTo(3);
        assertThat(v.hardState().votedFor()).isNull();
    }

    /**
     * "If the logs end with the same term, then whichever log is longer is more up-to-date."
     * (Raft §5.4.1)
     */
    @Test
    void voterRejectsCandidateWithSameLastTermButShorterLog() {
        RaftHarness v = RaftHarness.withLog(classic("1"), 1, 0, entries(1, 1, 1), "1", "2", "3");

        v.step(voteRequest("2", 2, 2, 1));

        assertThat(votes(v.drain())).isNotEmpty().noneMatch(VoteResponse::granted);
    }

    /**
     * "The voter denies its vote if its own log is more up-to-date than that of the candidate" —
     * and grants it when the candidate's log is at least as up-to-date (Figure 2). (Raft §5.4.1)
     */
    @ParameterizedTest(name = "candidate last entry {0}/{1} vs voter 3/1")
    @CsvSource({"3, 1", "4, 1", "2, 2", "1, 5"})
    void voterGrantsCandidateWhoseLogIsAtLeastAsUpToDate(long lastIndex, long lastTerm) {
        RaftHarness v = RaftHarness.withLog(classic("1"), 1, 0, entries(1, 1, 1), "1", "2", "3");

        v.step(voteRequest("2", 6, lastIndex, lastTerm));

        assertThat(votes(v.drain())).containsExactly(new VoteResponse("1", "2", 6, false, true));
        assertThat(v.hardState().votedFor()).isEqualTo("2");
    }

    /**
     * "The RequestVote RPC implements this restriction: the RPC includes information about the
     * candidate's log." (Raft §5.4.1)
     */
    @Test
    void voteRequestCarriesCandidatesLastLogIndexAndTerm() {
        RaftHarness c = RaftHarness.withLog(classic("1"), 2, 0, entries(1, 2), "1", "2", "3");
        c.tickUntil(r -> r.role() == Role.CANDIDATE, 20);

        assertThat(c.drain()).filteredOn(VoteRequest.class::isInstance).map(VoteRequest.class::cast)
                .hasSize(2).allMatch(v -> v.term() == 3 && v.lastLogIndex() == 2 && v.lastLogTerm() == 2);
    }

    /**
     * "Raft uses the voting process to prevent a candidate from winning an election unless its log
     * contains all committed entries." (Raft §5.4.1)
     */
    @Test
    void candidateMissingCommittedEntryCannotWin() {
        TestNetwork net = TestNetwork.of(
                RaftHarness.withLog(classic("1"), 1, 2, entries(1, 1), "1", "2", "3"),
                RaftHarness.withLog(classic("2"), 1, 2, entries(1, 1), "1", "2", "3"),
                RaftHarness.withLog(classic("3"), 1, 1, entries(1), "1", "2", "3"));

        net.campaign("3");
        assertThat(net.raft("3").role()).isNotEqualTo(Role.LEADER);

        net.campaign("1");
        assertThat(net.raft("1").role()).isEqualTo(Role.LEADER);
        assertThat(net.node("3").storedTerms()).startsWith(1L, 1L);
    }

    /**
     * The vote tests above are sharp: {@link RaftConfig.BrokenRule#VOTE_WITHOUT_LOG_CHECK} makes them
     * fail. (Raft §5.4.1)
     */
    @Test
    void electionRestrictionTestCatchesVoteWithoutLogCheck() {
        RaftConfig broken = classic("1").withBrokenRules(Set.of(RaftConfig.BrokenRule.VOTE_WITHOUT_LOG_CHECK));
        RaftHarness v = RaftHarness.withLog(broken, 2, 0, entries(1, 2), "1", "2", "3");

        v.step(voteRequest("2", 3, 5, 1));

        assertThat(votes(v.drain())).anyMatch(VoteResponse::granted);
    }

    // ---- §5.4.2 committing entries from previous terms ----

    /**
     * Figure 8: leader "1" of term 3 holds 2/2 from its earlier term; "2" and "3" receive 2/2 but
     * the no-op 3/3 is lost. Appends carry one entry (1-byte limit).
     */
    private static TestNetwork figure8(Set<RaftConfig.BrokenRule> broken) {
        TestNetwork net = new TestNetwork();
        List<List<Entry>> logs = List.of(entries(1, 2), entries(1), entries(1));
        for (int i = 0; i < 3; i++) {
            RaftConfig config = classic(VOTERS[i]).withLimits(1, 256, 64L << 20).withBrokenRules(broken);
            net.add(RaftHarness.withLog(config, 2, 1, new ArrayList<>(logs.get(i)), VOTERS));
        }
        net.drop(m -> m instanceof AppendRequest a && net.node(a.to()).lastIndex() >= 2
                && a.entries().stream().anyMatch(en -> en.term() == 3));
        net.elect("1");
        return net;
    }

    /**
     * "Raft never commits log entries from previous terms by counting replicas. Only log entries
     * from the leader's current term are committed by counting replicas." (Raft §5.4.2, Figure 8)
     */
    @Test
    void leaderDoesNotCommitEntryFromPreviousTermByCountingReplicas() {
        TestNetwork net = figure8(Set.of());

        assertThat(net.raft("1").term()).isEqualTo(3);
        assertThat(net.node("2").storedTerms()).containsExactly(1L, 2L);
        assertThat(net.raft("1").status().commit()).isEqualTo(1);
        assertThat(net.node("1").appliedEntries()).extracting(Entry::index).containsExactly(1L);
    }

    /**
     * "Once an entry from the current term has been committed in this way, then all prior entries
     * are committed indirectly because of the Log Matching Property." (Raft §5.4.2)
     */
    @Test
    void previousTermEntryCommitsOnceCurrentTermEntryIsReplicated() {
        TestNetwork net = figure8(Set.of());

        net.recover();
        net.tick("1", 3);

        assertThat(net.raft("1").status().commit()).isEqualTo(3);
        assertThat(net.node("1").appliedEntries()).extracting(Entry::index).containsExactly(1L, 2L, 3L);
    }

    /**
     * The Figure 8 scenario above is sharp: with {@link RaftConfig.BrokenRule#COMMIT_PREVIOUS_TERM_BY_COUNTING}
     * the leader commits 2/2 by counting, which is what the previous test forbids. (Raft §5.4.2)
     */
    @Test
    void figure8ScenarioCatchesCommitByCounting() {
        TestNetwork net = figure8(Set.of(RaftConfig.BrokenRule.COMMIT_PREVIOUS_TERM_BY_COUNTING));

        assertThat(net.raft("1").status().commit()).isEqualTo(2);
    }
}
