package io.raftkv.server.raft;

import io.raftkv.server.raft.message.AppendResponse;
import io.raftkv.server.raft.message.ConfChange;
import io.raftkv.server.raft.message.ConfState;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.HardState;
import io.raftkv.server.raft.message.InstallSnapshot;
import io.raftkv.server.raft.message.Snapshot;
import io.raftkv.server.raft.message.SnapshotMeta;
import io.raftkv.server.raft.message.VoteRequest;
import io.raftkv.server.raft.message.VoteResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.raftkv.server.raft.RaftHarness.BOOTSTRAP_TERM;
import static io.raftkv.server.raft.RaftHarness.bootstrapEntries;
import static io.raftkv.server.raft.RaftHarness.classic;
import static io.raftkv.server.raft.RaftHarness.e;
import static io.raftkv.server.raft.RaftHarness.entries;
import static org.assertj.core.api.Assertions.assertThat;

/** Log compaction and InstallSnapshot (Raft §7). */
class SnapshotTest {
    private static final String[] VOTERS = {"1", "2", "3"};
    private static final byte[] STATE = "state-machine".getBytes(StandardCharsets.UTF_8);

    private static void proposeAndCommit(TestNetwork net, int n) {
        for (int i = 0; i < n; i++) {
            net.raft("1").propose(("x=" + i).getBytes(StandardCharsets.UTF_8));
        }
        net.stabilize();
    }

    /**
     * "Each server takes snapshots independently, covering just the committed entries in its log."
     * The snapshot records the last included index and term, and the latest configuration as of
     * that index; the log up to it is discarded. (Raft §7)
     */
    @Test
    void compactReturnsSnapshotWithTermAndMembershipAndDropsTheLog() {
        TestNetwork net = TestNetwork.classic(VOTERS);
        net.elect("1");
        long term = net.raft("1").term();
        long noOp = net.node("1").lastIndex();
        proposeAndCommit(net, 3);
        assertThat(net.node("1").applied()).isEqualTo(noOp + 3);

        Snapshot s = net.node("1").compact(noOp + 2, STATE);

        assertThat(s.meta()).as("the membership from the bootstrap entries, the term of the entry at the index")
                .isEqualTo(new SnapshotMeta(noOp + 2, term, ConfState.ofVoters(VOTERS)));
        assertThat(s.data()).isEqualTo(STATE);
        assertThat(net.raft("1").status().firstIndex()).isEqualTo(noOp + 3);
        assertThat(net.raft("1").status().lastIndex()).isEqualTo(noOp + 3);
    }

    /**
     * "The leader uses a new RPC called InstallSnapshot to send snapshots to followers that are too
     * far behind", i.e. whose next entry the leader has already discarded. (Raft §7)
     */
    @Test
    void followerBehindTheCompactedLogIsSentTheSnapshot() {
        TestNetwork net = TestNetwork.classic(VOTERS);
        net.elect("1");
        net.isolate("3");
        proposeAndCommit(net, 5);
        Snapshot s = net.node("1").compact(net.node("1").applied(), STATE);
        List<String> progressWhileInstalling = new ArrayList<>();
        net.afterDeliver(m -> {
            if (m instanceof InstallSnapshot) {
                progressWhileInstalling.add(net.raft("1").status().progress().get("3").state());
            }
        });

        net.recover();
        net.tick("1", 3);

        assertThat(net.sent(InstallSnapshot.class)).singleElement()
                .satisfies(i -> assertThat(i.snapshot().meta()).isEqualTo(s.meta()));
        assertThat(progressWhileInstalling).containsExactly("SNAPSHOT");
        assertThat(net.sent(AppendResponse.class)).filteredOn(r -> r.from().equals("3") && r.success())
                .anyMatch(r -> r.index() == s.index());
        assertThat(net.node("3").installedSnapshot().meta()).isEqualTo(s.meta());
        assertThat(net.node("3").installedSnapshot().data()).isEqualTo(STATE);
        assertThat(net.raft("3").status().commit()).isEqualTo(net.raft("1").status().commit());
        assertThat(net.raft("1").status().progress().get("3").state()).isEqualTo("REPLICATE");
    }

    /**
     * "Usually the snapshot will contain new information not already in the recipient's log. In
     * this case, the follower discards its entire log; it is all superseded by the snapshot" — and
     * it acknowledges the snapshot only after persisting it. (Raft §7)
     */
    @Test
    void followerInstallsNewerSnapshotAndAcknowledgesAfterPersisting() {
        RaftHarness f = RaftHarness.withLog(classic("2"), 1, 1, entries(1, 1), VOTERS);
        Snapshot s = new Snapshot(new SnapshotMeta(5, 2, ConfState.ofVoters(VOTERS)), STATE);

        f.step(new InstallSnapshot("1", "2", 2, s));
        Ready rd = f.handle();

        assertThat(rd.snapshot()).isSameAs(s);
        assertThat(rd.messages()).noneMatch(AppendResponse.class::isInstance);
        assertThat(rd.messagesAfterPersist()).filteredOn(AppendResponse.class::isInstance)
                .map(AppendResponse.class::cast).singleElement()
                .satisfies(r -> assertThat(r.success() && r.index() == 5).as("success at 5: %s", r).isTrue());
        assertThat(f.storedLog()).isEmpty();
        assertThat(f.raft().status().commit()).isEqualTo(5);
        assertThat(f.raft().status().firstIndex()).isEqualTo(6);
    }

    /**
     * A snapshot that is not beyond the follower's commit index brings nothing new: it is not
     * installed. (Raft §7)
     */
    @Test
    void followerIgnoresSnapshotNotBeyondItsCommitIndex() {
        RaftHarness f = RaftHarness.withLog(classic("2"), 1, 3, entries(1, 1, 1), VOTERS);
        f.drain();
        Snapshot s = new Snapshot(new SnapshotMeta(2, 1, ConfState.ofVoters(VOTERS)), STATE);

        f.step(new InstallSnapshot("1", "2", 1, s));
        f.drain();

        assertThat(f.installedSnapshot()).isNull();
        assertThat(f.storedLog()).isEqualTo(entries(1, 1, 1));
    }

    // ---- restarts ----

    /**
     * "Updated on stable storage before responding to RPCs": currentTerm, votedFor, log[] survive a
     * crash, so a restarted server resumes with the same term, vote, log, commit and membership.
     * (Raft Figure 2)
     */
    @Test
    void restartRestoresTermVoteCommitLogAndMembership() {
        TestNetwork net = TestNetwork.classic(VOTERS);
        net.elect("1");
        proposeAndCommit(net, 2);
        net.tick("1", 1);
        RaftStatus before = net.raft("2").status();

        net.crash("2");
        net.restart("2");
        RaftStatus after = net.raft("2").status();

        assertThat(after.term()).isEqualTo(before.term());
        assertThat(net.node("2").hardState().votedFor()).isEqualTo("1");
        assertThat(after.commit()).isEqualTo(before.commit());
        assertThat(after.lastIndex()).isEqualTo(before.lastIndex());
        assertThat(after.conf()).isEqualTo(before.conf());
        assertThat(after.role()).isEqualTo(Role.FOLLOWER);
    }

    /**
     * votedFor is durable: a voter that crashes and restarts does not vote twice in one term.
     * (Raft Figure 2, §5.2)
     */
    @Test
    void restartedVoterDoesNotVoteTwiceInATerm() {
        RaftHarness v = RaftHarness.bootstrap(classic("1"), VOTERS);
        long term = v.raft().term() + 1;
        long last = bootstrapEntries(VOTERS);
        // Both candidates' logs are as up to date as the voter's: only the durable vote tells them apart.
        v.step(new VoteRequest("2", "1", term, last, BOOTSTRAP_TERM, false, false));
        assertThat(v.drain()).filteredOn(VoteResponse.class::isInstance).map(VoteResponse.class::cast)
                .singleElement().matches(VoteResponse::granted, "granted to 2");

        v.restart();
        v.step(new VoteRequest("3", "1", term, last, BOOTSTRAP_TERM, false, false));

        assertThat(v.drain()).filteredOn(VoteResponse.class::isInstance)
                .map(VoteResponse.class::cast)
                .noneMatch(VoteResponse::granted);
    }

    /**
     * On restart the committed entries after the applied index are handed out again, in order.
     * (Raft §5.3)
     */
    @Test
    void restartHandsOutCommittedEntriesAfterTheAppliedIndex() {
        Snapshot initial = new Snapshot(new SnapshotMeta(0, 0, ConfState.ofVoters(VOTERS)), new byte[0]);
        PersistentState disk = new PersistentState(new HardState(1, "1", 3), initial, entries(1, 1, 1, 1), 1);

        RaftHarness h = new RaftHarness(classic("2"), disk);
        Ready rd = h.handle();

        assertThat(rd.committedEntries()).containsExactly(e(2, 1), e(3, 1));
    }

    /** A restart from a snapshot restores the membership recorded in it and the log after it. (Raft §7) */
    @Test
    void restartFromSnapshotRestoresItsMembershipAndTheLogAfterIt() {
        TestNetwork net = TestNetwork.classic(VOTERS);
        net.add(RaftHarness.joining(classic("4")));
        net.elect("1");
        net.raft("1").proposeConfChange(new ConfChange(ConfChange.Type.ADD_LEARNER, "4", null));
        proposeAndCommit(net, 2);
        long applied = net.node("1").applied();
        net.node("1").compact(applied - 1, STATE);

        net.crash("1");
        net.restart("1");
        RaftStatus status = net.raft("1").status();

        assertThat(status.conf()).isEqualTo(new ConfState(Set.of(VOTERS), Set.of("4")));
        assertThat(status.firstIndex()).isEqualTo(applied);
        assertThat(status.lastIndex()).isEqualTo(applied);
        assertThat(status.commit()).isEqualTo(applied);
        assertThat(net.node("1").storedLog()).extracting(Entry::index).containsExactly(applied);
    }
}
