package io.raftkv.server.raft;

import io.raftkv.server.raft.message.AppendRequest;
import io.raftkv.server.raft.message.AppendResponse;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.HardState;
import io.raftkv.server.raft.message.HeartbeatRequest;
import io.raftkv.server.raft.message.VoteRequest;
import io.raftkv.server.raft.message.VoteResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static io.raftkv.server.raft.RaftHarness.BOOTSTRAP_TERM;
import static io.raftkv.server.raft.RaftHarness.FIRST_ELECTION_TERM;
import static io.raftkv.server.raft.RaftHarness.bootstrapEntries;
import static io.raftkv.server.raft.RaftHarness.bootstrapLog;
import static io.raftkv.server.raft.RaftHarness.classic;
import static io.raftkv.server.raft.RaftHarness.e;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The persistence ordering of {@link Ready}: what promises durable state goes out only after it
 * is durable (Raft Figure 2: "updated on stable storage before responding to RPCs"), while a
 * leader's own appends need not wait for its disk (thesis §10.2.1).
 */
class ReadyContractTest {
    private static final String[] VOTERS = {"1", "2", "3"};
    /** The last index of a fresh founding member's log: its bootstrap entries, all of {@link RaftHarness#BOOTSTRAP_TERM}. */
    private static final long BOOTSTRAPPED = bootstrapEntries(VOTERS);

    /**
     * A founding member persists its bootstrap entries and their commit before applying them, like
     * any committed entries: the first Ready carries them to persist, a later one to apply.
     */
    @Test
    void foundingMemberPersistsItsBootstrapEntriesBeforeApplyingThem() {
        RaftHarness f = RaftHarness.bootstrap(classic("1"), VOTERS);

        Ready first = f.handle();
        Ready second = f.handle();

        assertThat(first.hardState()).isEqualTo(new HardState(BOOTSTRAP_TERM, null, BOOTSTRAPPED));
        assertThat(first.entries()).isEqualTo(bootstrapLog(VOTERS));
        assertThat(first.committedEntries()).isEmpty();
        assertThat(second.committedEntries()).isEqualTo(bootstrapLog(VOTERS));
        assertThat(f.violations()).isEmpty();
    }

    /** A candidate's vote requests promise its new term and self-vote are on disk. (Raft Figure 2, §5.2) */
    @Test
    void candidateSendsVoteRequestsOnlyAfterPersistingTermAndVote() {
        RaftHarness c = RaftHarness.bootstrapped(classic("1"), VOTERS);
        long term = c.raft().term() + 1;
        c.tickUntil(r -> r.role() == Role.CANDIDATE, 20);

        Ready rd = c.handle();

        assertThat(rd.hardState()).isEqualTo(new HardState(term, "1", BOOTSTRAPPED));
        assertThat(rd.messages()).noneMatch(VoteRequest.class::isInstance);
        assertThat(rd.messagesAfterPersist()).hasSize(2).allMatch(VoteRequest.class::isInstance);
    }

    /**
     * A granted vote is sent only after the vote is durable, or a restart could vote twice: a new
     * term and vote must be synced, with no entries to write. (Raft Figure 2)
     */
    @Test
    void voterSendsItsVoteOnlyAfterPersistingIt() {
        RaftHarness v = RaftHarness.bootstrapped(classic("1"), VOTERS);
        long term = v.raft().term() + 1;

        v.step(new VoteRequest("2", "1", term, BOOTSTRAPPED, BOOTSTRAP_TERM, false, false));
        Ready rd = v.handle();

        assertThat(rd.hardState()).isEqualTo(new HardState(term, "2", BOOTSTRAPPED));
        assertThat(rd.entries()).isEmpty();
        assertThat(rd.mustSync()).isTrue();
        assertThat(rd.messages()).noneMatch(VoteResponse.class::isInstance);
        assertThat(rd.messagesAfterPersist()).containsExactly(new VoteResponse("1", "2", term, false, true));
    }

    /**
     * A follower acknowledges entries only after they are durable: the leader counts that copy for
     * commitment. (Raft §5.3)
     */
    @Test
    void followerAcknowledgesAppendOnlyAfterPersistingTheEntries() {
        RaftHarness f = RaftHarness.bootstrapped(classic("1"), VOTERS);
        List<Entry> appended = leaderEntries(2);

        appendFromLeader(f, appended, BOOTSTRAPPED);
        Ready rd = f.handle();

        assertThat(rd.entries()).isEqualTo(appended);
        assertThat(rd.messages()).noneMatch(AppendResponse.class::isInstance);
        assertThat(rd.messagesAfterPersist()).filteredOn(AppendResponse.class::isInstance)
                .map(AppendResponse.class::cast).singleElement()
                .satisfies(r -> assertThat(r.success() && r.index() == appended.getLast().index()).isTrue());
    }

    /** Leader "2" of the first election term sends {@code entries} after the bootstrap entries, with {@code commit}. */
    private static void appendFromLeader(RaftHarness f, List<Entry> entries, long commit) {
        f.step(new AppendRequest("2", "1", FIRST_ELECTION_TERM, BOOTSTRAPPED, BOOTSTRAP_TERM, entries, commit));
    }

    /** {@code n} entries of leader "2" of the first election term, continuing the bootstrap entries. */
    private static List<Entry> leaderEntries(int n) {
        return LongStream.rangeClosed(1, n)
                .mapToObj(i -> e(BOOTSTRAPPED + i, FIRST_ELECTION_TERM)).toList();
    }

    /**
     * The leader may write to its disk in parallel with replicating to the followers: its
     * AppendEntries leave in the same Ready as the entries it has yet to persist. (thesis §10.2.1)
     */
    @Test
    void leaderSendsAppendsWithoutWaitingForItsOwnDisk() {
        TestNetwork net = TestNetwork.classic(VOTERS);
        net.elect("1");
        net.raft("1").propose("x".getBytes(StandardCharsets.UTF_8));

        Ready rd = net.node("1").handle();

        assertThat(rd.entries()).hasSize(1);
        assertThat(rd.messages()).filteredOn(AppendRequest.class::isInstance).hasSize(2);
    }

    /** The leader counts its own copy only once it is durable, i.e. after advance(). (thesis §10.2.1) */
    @Test
    void leaderCountsItsOwnEntryOnlyAfterAdvance() {
        RaftHarness h = RaftHarness.bootstrap(classic("1"), "1");
        h.tickUntil(r -> r.role() == Role.LEADER, 20);
        h.drain();
        long commit = h.raft().status().commit();

        long index = h.raft().propose("x".getBytes(StandardCharsets.UTF_8));
        Ready first = h.handle();
        assertThat(first.entries()).extracting(Entry::index).containsExactly(index);
        assertThat(first.committedEntries()).isEmpty();
        assertThat(commit).isLessThan(index);

        Ready second = h.handle();
        assertThat(second.committedEntries()).extracting(Entry::index).containsExactly(index);
        assertThat(second.hardState().commit()).isEqualTo(index);
    }

    /**
     * Committed entries are handed out for applying only once they are durable locally
     * (thesis §10.2.1: the leader's own copy too).
     */
    @Test
    void followerAppliesEntriesOnlyAfterPersistingThem() {
        RaftHarness f = RaftHarness.bootstrapped(classic("1"), VOTERS);
        List<Entry> appended = leaderEntries(2);

        appendFromLeader(f, appended, appended.getLast().index());
        Ready first = f.handle();
        Ready second = f.handle();

        assertThat(first.entries()).isEqualTo(appended);
        assertThat(first.committedEntries()).isEmpty();
        assertThat(second.committedEntries()).isEqualTo(appended);
    }

    /**
     * A Ready reports the hard state only when it changed: term, vote and commit need no new fsync
     * otherwise. (Raft Figure 2)
     */
    @Test
    void unchangedHardStateIsNotReportedAgain() {
        RaftHarness f = RaftHarness.bootstrapped(classic("1"), VOTERS);
        List<Entry> appended = leaderEntries(1);
        long commit = appended.getLast().index();
        appendFromLeader(f, appended, commit);
        f.drain();

        f.step(new HeartbeatRequest("2", "1", FIRST_ELECTION_TERM, commit, 0));
        Ready rd = f.handle();

        assertThat(rd == null ? null : rd.hardState()).isNull();
    }

    /**
     * A higher commit index alone needs no fsync: a node that loses it learns it again from the
     * leader (etcd/raft's MustSync); entries do (a new term or vote: see the voter's test). (Raft Figure 2)
     */
    @Test
    void aHigherCommitIndexAloneNeedNotBeSynced() {
        RaftHarness f = RaftHarness.bootstrapped(classic("1"), VOTERS);
        List<Entry> appended = leaderEntries(1);
        appendFromLeader(f, appended, BOOTSTRAPPED);
        Ready withEntries = f.handle();
        f.drain();

        f.step(new HeartbeatRequest("2", "1", FIRST_ELECTION_TERM, appended.getLast().index(), 0));
        Ready commitOnly = f.handle();

        assertThat(withEntries.mustSync()).isTrue();
        assertThat(commitOnly.hardState()).isEqualTo(new HardState(FIRST_ELECTION_TERM, null, appended.getLast().index()));
        assertThat(commitOnly.entries()).isEmpty();
        assertThat(commitOnly.mustSync()).isFalse();
    }

    /**
     * Under random ticks, proposals, partitions, compactions, leadership transfers and crashes, no node breaches the
     * Ready contract, no term has two leaders (Election Safety) and no two nodes apply different
     * entries at one index (State Machine Safety). (Raft Figure 3)
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void randomScheduleKeepsContractAndSafety(long seed) {
        String[] ids = {"1", "2", "3", "4", "5"};
        TestNetwork net = TestNetwork.of(
                id -> RaftConfig.defaults(id, new SplittableRandom(seed * 31 + id.hashCode())), ids);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int step = 0; step < 400; step++) {
            String node = ids[rnd.nextInt(ids.length)];
            int dice = rnd.nextInt(100);
            if (dice < 60) {
                net.tickAll(1);
            } else if (dice < 80 && net.leader() != null) {
                try {
                    net.raft(net.leader()).propose(("s" + step).getBytes(StandardCharsets.UTF_8));
                } catch (RaftException refused) {
                    // transferring or over the limit: fine
                }
                net.stabilize();
            } else if (dice < 85) {
                net.isolate(node);
            } else if (dice < 90) {
                net.recover();
            } else if (dice < 95) {
                RaftHarness h = net.node(node);
                if (h.applied() > h.storedSnapshot().index()) {
                    h.compact(h.applied(), ("snap" + step).getBytes(StandardCharsets.UTF_8));
                }
            } else if (dice < 97 && net.leader() != null && !net.leader().equals(node)) {
                net.raft(net.leader()).transferLeadership(node);
                net.stabilize();
            } else {
                net.crash(node);
                net.restart(node);
            }
        }
        net.recover();
        net.tickAll(60);

        assertThat(net.violations()).isEmpty();
        Map<Long, Entry> applied = new HashMap<>();
        for (String id : ids) {
            for (Entry en : net.node(id).appliedEntries()) {
                Entry other = applied.putIfAbsent(en.index(), en);
                assertThat(other == null || other.equals(en))
                        .as("%s applied %s, another node %s", id, en, other).isTrue();
            }
        }
        assertThat(applied.size()).as("entries committed").isGreaterThan(10);
        long commit = net.raft(net.leader()).status().commit();
        assertThat(List.of(ids)).allMatch(id -> net.raft(id).status().commit() == commit);
    }
}
