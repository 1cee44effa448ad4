package io.raftkv.server.raft;

import io.raftkv.server.raft.message.AppendRequest;
import io.raftkv.server.raft.message.AppendResponse;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.HeartbeatRequest;
import io.raftkv.server.raft.message.Message;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static io.raftkv.server.raft.RaftHarness.classic;
import static io.raftkv.server.raft.RaftHarness.e;
import static io.raftkv.server.raft.RaftHarness.entries;
import static io.raftkv.server.raft.RaftHarness.payload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the leader moves entries: fast backtracking of nextIndex, batching bounded by bytes,
 * pipelining bounded by the in-flight window, probing after a rejection, and the commit index
 * a heartbeat may carry.
 */
class ReplicationFlowTest {
    private static final String[] VOTERS = {"1", "2", "3"};

    private static List<Entry> log(long firstTerm, int n, long term) {
        List<Entry> out = new ArrayList<>(List.of(e(1, firstTerm)));
        for (int i = 2; i <= n + 1; i++) {
            out.add(e(i, term));
        }
        return out;
    }

    private static long rejectionsFrom(TestNetwork net, String id) {
        return net.sent(AppendResponse.class).stream().filter(r -> r.from().equals(id) && !r.success()).count();
    }

    private static long appendsTo(TestNetwork net, String id) {
        return net.sent(AppendRequest.class).stream().filter(a -> a.to().equals(id) && !a.entries().isEmpty()).count();
    }

    /**
     * "The follower can include the term of the conflicting entry and the first index it stores for
     * that term. With this information, the leader can decrement nextIndex to bypass all of the
     * conflicting entries in that term; one AppendEntries RPC will be required for each term with
     * conflicting entries, rather than one RPC per entry." (Raft §5.3)
     */
    @Test
    void fastBacktrackingNeedsOneRejectionPerConflictingTermNotPerEntry() {
        TestNetwork net = TestNetwork.of(
                RaftHarness.withLog(classic("1"), 3, 1, log(1, 100, 3), VOTERS),
                RaftHarness.withLog(classic("2"), 2, 1, log(1, 100, 2), VOTERS),
                RaftHarness.withLog(classic("3"), 3, 1, log(1, 100, 3), VOTERS));

        net.elect("1");

        assertThat(rejectionsFrom(net, "2")).isBetween(1L, 2L);
        assertThat(net.node("2").storedLog()).isEqualTo(net.node("1").storedLog());
    }

    /**
     * Figure 7 (f) has conflicting entries of terms 2 and 3: at most two rejections. (Raft §5.3)
     * All three know the voters from a snapshot at index 0; "3" has an empty log.
     */
    @Test
    void fastBacktrackingResolvesFigure7fInOneRejectionPerTerm() {
        TestNetwork net = TestNetwork.of(
                RaftHarness.withLog(classic("1"), 8, 0, entries(1, 1, 1, 4, 4, 5, 5, 6, 6, 6), VOTERS),
                RaftHarness.withLog(classic("2"), 8, 0, entries(1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3), VOTERS),
                RaftHarness.withLog(classic("3"), 0, 0, List.of(), VOTERS));

        net.elect("1");

        assertThat(rejectionsFrom(net, "2")).isBetween(1L, 2L);
        assertThat(net.node("2").storedLog()).isEqualTo(net.node("1").storedLog());
    }

    /** Ten 40-byte entries on the leader, none on "2"; appends carry at most {@code maxAppendBytes}. */
    private static TestNetwork laggingFollower(long maxAppendBytes) {
        List<Entry> log = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            log.add(Entry.normal(i, 1, payload(40)));
        }
        TestNetwork net = new TestNetwork();
        for (String id : VOTERS) {
            RaftConfig config = classic(id).withLimits(maxAppendBytes, 256, 64L << 20);
            net.add(RaftHarness.withLog(config, 1, 0, id.equals("2") ? List.of() : log, VOTERS));
        }
        return net;
    }

    private static int bytes(AppendRequest a) {
        return a.entries().stream().mapToInt(Entry::size).sum();
    }

    /**
     * Batching: one AppendEntries carries as many entries as fit in {@code maxAppendBytes}
     * (thesis §10.2.1).
     */
    @Test
    void appendBatchesAreBoundedByMaxAppendBytes() {
        TestNetwork net = laggingFollower(100);

        net.elect("1");

        List<AppendRequest> toTwo = net.sent(AppendRequest.class).stream()
                .filter(a -> a.to().equals("2") && !a.entries().isEmpty()).toList();
        assertThat(toTwo).allMatch(a -> bytes(a) <= 100 || a.entries().size() == 1);
        assertThat(toTwo).anyMatch(a -> a.entries().size() == 2);
        assertThat(toTwo.size()).as("10 entries of 40 B in batches of at most 100 B").isGreaterThanOrEqualTo(5);
        assertThat(net.node("2").storedLog()).isEqualTo(net.node("1").storedLog());
    }

    /** An entry larger than {@code maxAppendBytes} still travels, alone. (thesis §10.2.1) */
    @Test
    void appendCarriesAtLeastOneEntryEvenIfLargerThanTheLimit() {
        TestNetwork net = laggingFollower(10);

        net.elect("1");

        assertThat(net.sent(AppendRequest.class)).filteredOn(a -> a.to().equals("2"))
                .allMatch(a -> a.entries().size() <= 1);
        assertThat(net.node("2").storedLog()).isEqualTo(net.node("1").storedLog());
    }

    /**
     * Once an AppendEntries succeeds, nextIndex and matchIndex are settled and the leader streams to
     * the follower (replicate state). (Raft §5.3)
     */
    @Test
    void followerIsReplicatingOnceItMatchesTheLeader() {
        TestNetwork net = TestNetwork.classic(VOTERS);
        net.elect("1");

        RaftStatus status = net.raft("1").status();

        for (String follower : List.of("2", "3")) {
            assertThat(status.progress().get(follower).state()).isEqualTo("REPLICATE");
            assertThat(status.progress().get(follower).match()).isEqualTo(status.lastIndex());
        }
    }

    /**
     * Pipelining: the leader sends the next AppendEntries without waiting for the previous one to
     * be acknowledged, up to {@code maxInflight} unacknowledged requests. (thesis §10.2.1)
     */
    @Test
    void pipelineSendsUpToMaxInflightUnacknowledgedAppends() {
        TestNetwork net = TestNetwork.of(id -> classic(id).withLimits(1 << 20, 3, 64L << 20), VOTERS);
        net.elect("1");
        net.drop(m -> m instanceof AppendResponse && m.from().equals("2"));
        net.clearSent();

        for (int i = 0; i < 6; i++) {
            net.raft("1").propose(("x=" + i).getBytes(StandardCharsets.UTF_8));
            net.stabilize();
        }

        assertThat(appendsTo(net, "2")).as("unacknowledged appends to 2").isEqualTo(3);
        assertThat(appendsTo(net, "3")).as("appends to the acknowledging 3").isEqualTo(6);

        net.recover();
        net.tick("1", 10);
        assertThat(net.node("2").storedLog()).isEqualTo(net.node("1").storedLog());
    }

    /**
     * A leader does not know a new follower's log, so it probes: one AppendEntries at a time until
     * one succeeds (Raft §5.3, nextIndex; etcd-io/raft's probe state).
     */
    @Test
    void leaderProbesUnresponsiveFollowerOneAppendAtATime() {
        TestNetwork net = TestNetwork.classic(VOTERS);
        net.isolate("3");
        net.elect("1");

        for (int i = 0; i < 3; i++) {
            net.raft("1").propose(("x=" + i).getBytes(StandardCharsets.UTF_8));
            net.stabilize();
        }

        assertThat(net.sent(AppendRequest.class)).filteredOn(a -> a.to().equals("3")).hasSize(1);
        assertThat(net.raft("1").status().progress().get("3").state()).isEqualTo("PROBE");
    }

    /**
     * "After a rejection, the leader decrements nextIndex and retries": a rejected follower goes
     * back to probing, with one append in flight until it answers (Raft §5.3).
     */
    @Test
    void rejectionPutsFollowerBackIntoProbeState() {
        TestNetwork net = TestNetwork.classic(VOTERS);
        net.elect("1");
        net.drop(m -> m.to().equals("3"));
        for (int i = 0; i < 3; i++) {
            net.raft("1").propose(("x=" + i).getBytes(StandardCharsets.UTF_8));
        }
        net.stabilize();
        net.recover();
        net.clearSent();
        AtomicReference<String> stateAfterRejection = new AtomicReference<>();
        net.afterDeliver(m -> {
            if (m instanceof AppendResponse r && r.from().equals("3") && !r.success()
                    && stateAfterRejection.get() == null) {
                stateAfterRejection.set(net.raft("1").status().progress().get("3").state());
            }
        });

        net.tick("1", 3);

        assertThat(stateAfterRejection.get()).isEqualTo("PROBE");
        List<Message> sent = net.sent();
        int rejection = indexOf(sent, 0, m -> m instanceof AppendResponse r && r.from().equals("3") && !r.success());
        int nextAnswer = indexOf(sent, rejection + 1, m -> m instanceof AppendResponse && m.from().equals("3"));
        assertThat(sent.subList(rejection, nextAnswer)).as("appends to 3 between its rejection and its next answer")
                .filteredOn(m -> m instanceof AppendRequest && m.to().equals("3")).hasSize(1);
        assertThat(net.node("3").storedLog()).isEqualTo(net.node("1").storedLog());
    }

    private static int indexOf(List<Message> messages, int from, Predicate<Message> p) {
        for (int i = from; i < messages.size(); i++) {
            if (p.test(messages.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such message after position " + from + " in " + messages);
    }

    /**
     * A heartbeat carries min(follower's match, commit), so a follower never learns a commit index
     * beyond the entries it is known to hold (etcd-io/raft; Raft Figure 2's
     * min(leaderCommit, index of last new entry)).
     */
    @Test
    void heartbeatCommitNeverExceedsFollowersMatch() {
        TestNetwork net = TestNetwork.classic(VOTERS);
        net.elect("1");
        long matchOf3 = net.node("3").lastIndex();
        assertThat(matchOf3).as("3 holds the leader's log up to its no-op").isEqualTo(net.node("1").lastIndex());
        net.drop(m -> m instanceof AppendRequest && m.to().equals("3"));
        net.raft("1").propose("x".getBytes(StandardCharsets.UTF_8));
        long last = net.raft("1").propose("y".getBytes(StandardCharsets.UTF_8));
        net.stabilize();
        assertThat(net.raft("1").status().commit()).isEqualTo(last);
        net.clearSent();

        net.tick("1", 1);

        assertThat(net.sent(HeartbeatRequest.class)).filteredOn(h -> h.to().equals("3"))
                .isNotEmpty().allMatch(h -> h.commit() == matchOf3);
        assertThat(net.sent(HeartbeatRequest.class)).filteredOn(h -> h.to().equals("2"))
                .isNotEmpty().allMatch(h -> h.commit() == last);
        assertThat(net.raft("3").status().commit()).isLessThanOrEqualTo(net.node("3").lastIndex());
    }
}
