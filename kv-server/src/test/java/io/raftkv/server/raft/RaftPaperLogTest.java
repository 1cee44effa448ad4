package io.raftkv.server.raft;

import io.raftkv.server.raft.message.AppendRequest;
import io.raftkv.server.raft.message.AppendResponse;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.HeartbeatRequest;
import io.raftkv.server.raft.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static io.raftkv.server.raft.RaftHarness.BOOTSTRAP_TERM;
import static io.raftkv.server.raft.RaftHarness.FIRST_ELECTION_TERM;
import static io.raftkv.server.raft.RaftHarness.bootstrapEntries;
import static io.raftkv.server.raft.RaftHarness.bootstrapLog;
import static io.raftkv.server.raft.RaftHarness.classic;
import static io.raftkv.server.raft.RaftHarness.e;
import static io.raftkv.server.raft.RaftHarness.entries;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of log replication and commitment (Raft §5.3), one test per sentence of the paper, in
 * the manner of etcd-io/raft's raft_paper_test.go. Without PreVote and CheckQuorum.
 */
class RaftPaperLogTest {
    private static final String[] VOTERS = {"1", "2", "3"};

    private static List<AppendResponse> acks(List<Message> out) {
        return out.stream().filter(AppendResponse.class::isInstance).map(AppendResponse.class::cast).toList();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- §5.3 log replication ----

    /**
     * "The leader appends the command to its log as a new entry, then issues AppendEntries RPCs in
     * parallel to each of the other servers to replicate the entry." (Raft §5.3)
     */
    @Test
    void leaderAppendsProposalToItsLogAndSendsItToEveryFollower() {
        TestNetwork net = TestNetwork.classic(VOTERS);
        net.elect("1");
        long term = net.raft("1").term();
        long last = net.node("1").lastIndex();
        long commit = net.raft("1").status().commit();

        long index = net.raft("1").propose(bytes("x=1"));
        Ready rd = net.node("1").handle();

        Entry expected = Entry.normal(last + 1, term, bytes("x=1"));
        assertThat(index).isEqualTo(last + 1);
        assertThat(rd.entries()).containsExactly(expected);
        assertThat(rd.messages()).containsExactlyInAnyOrder(
                new AppendRequest("1", "2", term, last, term, List.of(expected), commit),
                new AppendRequest("1", "3", term, last, term, List.of(expected), commit));
    }

    /**
     * "A log entry is committed once the leader that created the entry has replicated it on a
     * majority of the servers." (Raft §5.3)
     */
    @Test
    void leaderCommitsEntryOnceStoredOnMajority() {
        TestNetwork net = TestNetwork.classic("1", "2", "3", "4", "5");
        net.elect("1");
        net.isolate("4");
        net.isolate("5");

        long onThree = net.raft("1").propose(bytes("on three of five"));
        net.stabilize();
        assertThat(net.raft("1").status().commit()).isEqualTo(onThree);

        net.isolate("3");
        net.raft("1").propose(bytes("on two of five"));
        net.stabilize();
        assertThat(net.raft("1").status().commit()).isEqualTo(onThree);
        assertThat(net.node("1").appliedEntries()).extracting(Entry::index)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, onThree).boxed().toList());
    }

    /**
     * "This also commits all preceding entries in the leader's log, including entries created by
     * previous leaders." (Raft §5.3)
     */
    @Test
    void committingAnEntryCommitsAllPrecedingOnesIncludingPreviousLeaders() {
        TestNetwork net = TestNetwork.of(
                RaftHarness.withLog(classic("1"), 1, 0, entries(1, 1), VOTERS),
                RaftHarness.withLog(classic("2"), 1, 0, entries(1, 1), VOTERS),
                RaftHarness.withLog(classic("3"), 1, 0, entries(1, 1), VOTERS));

        net.elect("1");

        assertThat(net.raft("1").status().commit()).isEqualTo(3);
        assertThat(net.node("1").appliedEntries()).extracting(Entry::toString)
                .containsExactly(e(1, 1).toString(), e(2, 1).toString(), "3/2 (0 B)");
    }

    /**
     * "The leader keeps track of the highest index it knows to be committed, and it includes that
     * index in future AppendEntries RPCs (including heartbeats) so that the other servers eventually
     * find out. Once a follower learns that a log entry is committed, it applies the entry to its
     * local state machine." (Raft §5.3)
     */
    @Test
    void leaderPropagatesItsCommitIndexSoFollowersApply() {
        TestNetwork net = TestNetwork.classic(VOTERS);
        net.elect("1");
        long index = net.raft("1").propose(bytes("x=1"));
        net.stabilize();

        net.tick("1", 1);

        for (String follower : List.of("2", "3")) {
            assertThat(net.raft(follower).status().commit()).isEqualTo(index);
            assertThat(net.node(follower).appliedEntries()).extracting(Entry::index).contains(index);
        }
    }

    /**
     * "Once a follower learns that a log entry is committed, it applies the entry to its local state
     * machine (in log order)." (Raft §5.3)
     */
    @Test
    void followerAppliesCommittedEntriesInLogOrder() {
        RaftHarness f = RaftHarness.bootstrap(classic("1"), VOTERS);
        long n = bootstrapEntries(VOTERS);
        long term = FIRST_ELECTION_TERM;
        Entry a = e(n + 1, term);
        Entry b = e(n + 2, term);
        Entry c = e(n + 3, term);
        f.step(new AppendRequest("2", "1", term, n, BOOTSTRAP_TERM, List.of(a, b, c), n));
        f.drain();

        f.step(new AppendRequest("2", "1", term, n + 3, term, List.of(), n + 2));
        f.drain();
        assertThat(f.appliedEntries()).as("the bootstrap entries first, then up to the commit")
                .containsExactlyElementsOf(concat(bootstrapLog(VOTERS), List.of(a, b)));

        f.step(new HeartbeatRequest("2", "1", term, n + 3, 0));
        f.drain();
        assertThat(f.appliedEntries()).containsExactlyElementsOf(concat(bootstrapLog(VOTERS), List.of(a, b, c)));
    }

    /**
     * "If the follower does not find an entry in its log with the same index and term, then it
     * refuses the new entries" — here it has no entry at prevLogIndex at all. (Raft §5.3)
     */
    @Test
    void followerRejectsAppendWhenItLacksPrevLogEntry() {
        RaftHarness f = RaftHarness.withLog(classic("1"), 1, 0, entries(1, 1), VOTERS);

        f.step(new AppendRequest("2", "1", 1, 3, 1, List.of(e(4, 1)), 0));

        assertThat(acks(f.drain())).containsExactly(new AppendResponse("1", "2", 1, false, 3, 2, 1));
        assertThat(f.storedLog()).isEqualTo(entries(1, 1));
    }

    /**
     * "If the follower does not find an entry in its log with the same index and term, then it
     * refuses the new entries"; the hint names its last entry whose term is at most prevLogTerm. (Raft §5.3)
     */
    @Test
    void followerRejectsAppendWhenPrevLogTermDoesNotMatch() {
        RaftHarness f = RaftHarness.withLog(classic("1"), 2, 0, entries(1, 2, 2), VOTERS);

        f.step(new AppendRequest("2", "1", 3, 3, 1, List.of(e(4, 3)), 0));

        assertThat(acks(f.drain())).containsExactly(new AppendResponse("1", "2", 3, false, 3, 1, 1));
        assertThat(f.storedLog()).isEqualTo(entries(1, 2, 2));
    }

    /**
     * When the follower finds the entry preceding the new ones, it appends them and replies
     * success, naming the last index it now holds. (Raft §5.3, Figure 2)
     */
    @Test
    void followerAppendsEntriesAfterMatchingPrevEntryAndAcknowledges() {
        RaftHarness f = RaftHarness.withLog(classic("1"), 1, 0, entries(1, 1), VOTERS);

        f.step(new AppendRequest("2", "1", 2, 2, 1, List.of(e(3, 2), e(4, 2)), 0));

        assertThat(acks(f.drain())).singleElement()
                .satisfies(a -> assertThat(a.success()).isTrue())
                .satisfies(a -> assertThat(a.index()).isEqualTo(4))
                .satisfies(a -> assertThat(a.term()).isEqualTo(2));
        assertThat(f.storedLog()).isEqualTo(entries(1, 1, 2, 2));
    }

    /**
     * "If an existing entry conflicts with a new one (same index but different terms), delete the
     * existing entry and all that follow it." (Raft §5.3, Figure 2)
     */
    @Test
    void followerDeletesConflictingEntryAndAllThatFollowIt() {
        RaftHarness f = RaftHarness.withLog(classic("1"), 1, 0, entries(1, 1, 1, 1), VOTERS);

        f.step(new AppendRequest("2", "1", 2, 1, 1, List.of(e(2, 2)), 0));

        assertThat(acks(f.drain())).singleElement().satisfies(a -> {
            assertThat(a.success()).isTrue();
            assertThat(a.index()).isEqualTo(2);
        });
        assertThat(f.storedLog()).isEqualTo(entries(1, 2));
    }

    /**
     * Only a conflict deletes entries: an old, reordered AppendEntries whose entries the follower
     * already has leaves the entries after them in place. (Raft §5.3, Figure 2, receiver step 3)
     */
    @Test
    void followerKeepsLaterEntriesWhenAppendIsAlreadyContained() {
        RaftHarness f = RaftHarness.withLog(classic("1"), 1, 0, entries(1, 1, 1), VOTERS);

        f.step(new AppendRequest("2", "1", 1, 0, 0, List.of(e(1, 1)), 0));

        assertThat(f.storedLog()).isEqualTo(entries(1, 1, 1));
        assertThat(acks(f.drain())).singleElement().satisfies(a -> {
            assertThat(a.success()).isTrue();
            assertThat(a.index()).isBetween(1L, 3L);
        });
    }

    /**
     * "If leaderCommit > commitIndex, set commitIndex = min(leaderCommit, index of last new entry)."
     * (Raft Figure 2)
     */
    @ParameterizedTest(name = "stored {0} entries, append up to {1}, leaderCommit {2} -> commit {3}")
    @CsvSource({"0, 2, 5, 2", "3, 1, 3, 1", "3, 3, 2, 2"})
    void followerSetsCommitToMinOfLeaderCommitAndLastNewEntry(int stored, int appended, long leaderCommit,
                                                              long expectedCommit) {
        RaftHarness f = RaftHarness.withLog(classic("1"), 1, 0, termOneEntries(stored), VOTERS);

        f.step(new AppendRequest("2", "1", 1, 0, 0, termOneEntries(appended), leaderCommit));
        f.drain();

        assertThat(f.raft().status().commit()).isEqualTo(expectedCommit);
    }

    private static List<Entry> concat(List<Entry> first, List<Entry> then) {
        return Stream.concat(first.stream(), then.stream()).toList();
    }

    private static List<Entry> termOneEntries(int n) {
        long[] terms = new long[n];
        Arrays.fill(terms, 1);
        return entries(terms);
    }

    /**
     * "The leader handles inconsistencies by forcing the followers' logs to duplicate its own" — the
     * six follower logs of Figure 7 against the leader of term 8. (Raft §5.3, Figure 7)
     */
    @ParameterizedTest(name = "Figure 7 ({0})")
    @CsvSource({
            "a, 1 1 1 4 4 5 5 6 6",
            "b, 1 1 1 4",
            "c, 1 1 1 4 4 5 5 6 6 6 6",
            "d, 1 1 1 4 4 5 5 6 6 6 7 7",
            "e, 1 1 1 4 4 4 4",
            "f, 1 1 1 2 2 2 3 3 3 3 3"})
    void leaderForcesDivergentFollowerLogToDuplicateItsOwn(String name, String followerTerms) {
        TestNetwork net = figure7(followerTerms);

        net.elect("1");
        net.tick("1", 3);

        assertThat(net.node("2").storedLog()).isEqualTo(net.node("1").storedLog());
        assertThat(net.raft("2").status().commit()).isEqualTo(11);
    }

    /**
     * "Leader Append-Only: a leader never overwrites or deletes entries in its log; it only appends
     * new entries." (Raft §5.3, Figure 3)
     */
    @Test
    void leaderNeverOverwritesOrDeletesItsOwnEntries() {
        TestNetwork net = figure7("1 1 1 4 4 5 5 6 6 6 7 7");
        List<Entry> before = net.node("1").storedLog();

        net.elect("1");
        net.tick("1", 3);

        assertThat(net.node("1").storedLog()).startsWith(before.toArray(Entry[]::new)).hasSize(before.size() + 1);
    }

    /**
     * Figure 7: leader "1" in term 8 with the figure's log, "2" with {@code followerTerms}, "3" empty.
     * All three know the voters from a snapshot at index 0, so the figure's logs start at index 1.
     */
    private static TestNetwork figure7(String followerTerms) {
        long[] follower = Arrays.stream(followerTerms.split(" ")).mapToLong(Long::parseLong).toArray();
        return TestNetwork.of(
                RaftHarness.withLog(classic("1"), 8, 0, entries(1, 1, 1, 4, 4, 5, 5, 6, 6, 6), VOTERS),
                RaftHarness.withLog(classic("2"), 8, 0, entries(follower), VOTERS),
                RaftHarness.withLog(classic("3"), 0, 0, List.of(), VOTERS));
    }

    /**
     * "If followers crash or run slowly, or if network packets are lost, the leader retries
     * AppendEntries RPCs indefinitely ... until all followers eventually store all log entries." (Raft §5.3)
     */
    @Test
    void leaderRetriesUntilUnreachableFollowerStoresAllEntries() {
        TestNetwork net = TestNetwork.classic(VOTERS);
        net.elect("1");
        net.isolate("3");
        long last = 0;
        for (int i = 0; i < 3; i++) {
            last = net.raft("1").propose(bytes("x=" + i));
        }
        net.stabilize();
        assertThat(net.node("3").lastIndex()).as("3 missed the proposals").isLessThan(last);

        net.recover();
        net.tick("1", 5);

        assertThat(net.node("3").storedLog()).isEqualTo(net.node("1").storedLog());
        assertThat(net.node("3").lastIndex()).isEqualTo(last);
    }
}
