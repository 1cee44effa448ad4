package io.raftkv.server.raft;

import io.raftkv.server.raft.message.ConfChange;
import io.raftkv.server.raft.message.InstallSnapshot;
import io.raftkv.server.raft.message.Snapshot;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.raftkv.server.raft.RaftHarness.classic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Permanent reproducers of snapshot bugs the simulator found (scripts/simulate.sh --seed 139
 * --nodes 5 and --seed 11 --nodes 7 on the simulator and core of that time).
 */
class SnapshotReproducerTest {
    private static final byte[] STATE = "state-machine".getBytes(StandardCharsets.UTF_8);

    /** "2" missed entries that "1" then compacted away, so "2" holds "1"'s snapshot, not one of its own. */
    private static TestNetwork followerTwoInstalledTheLeadersSnapshot() {
        TestNetwork net = TestNetwork.classic("1", "2", "3");
        net.elect("1");
        net.isolate("2");
        for (int i = 0; i < 5; i++) {
            net.raft("1").propose(("x=" + i).getBytes(StandardCharsets.UTF_8));
        }
        net.stabilize();
        net.node("1").compact(net.node("1").applied(), STATE);
        net.recover();
        net.tick("1", 2);
        assertThat(net.raft("2").status().firstIndex()).isEqualTo(net.raft("1").status().firstIndex());
        return net;
    }

    /**
     * A leader sends the newest snapshot it holds, including one it received as a follower:
     * sending an older one (here the empty index-0 snapshot) would leave a new member unable to
     * catch up, acknowledging the same stale snapshot forever.
     */
    @Test
    void newLeaderSendsTheSnapshotItReceivedAsFollower() {
        TestNetwork net = followerTwoInstalledTheLeadersSnapshot();
        long snapshotIndex = net.raft("2").status().firstIndex() - 1;
        net.raft("1").transferLeadership("2");
        net.stabilize();
        net.tick("2", 2);
        assertThat(net.raft("2").role()).isEqualTo(Role.LEADER);
        List<Long> sentSnapshots = new ArrayList<>();
        net.afterDeliver(m -> {
            if (m instanceof InstallSnapshot s && s.from().equals("2")) {
                sentSnapshots.add(s.snapshot().index());
            }
        });

        net.add(RaftHarness.joining(classic("4")));
        net.raft("2").proposeConfChange(new ConfChange(ConfChange.Type.ADD_LEARNER, "4", null));
        net.stabilize();
        net.tick("2", 3);

        assertThat(sentSnapshots).isNotEmpty().allMatch(index -> index == snapshotIndex);
        assertThat(net.raft("4").status().applied()).isEqualTo(net.raft("2").status().applied());
    }

    /** The driver may compact at its applied index after a received snapshot already moved the log past it. */
    @Test
    void compactBelowAReceivedSnapshotReturnsThatSnapshot() {
        TestNetwork net = followerTwoInstalledTheLeadersSnapshot();
        long snapshotIndex = net.raft("2").status().firstIndex() - 1;

        Snapshot s = net.raft("2").compact(snapshotIndex - 1, STATE);

        assertThat(s.index()).isEqualTo(snapshotIndex);
        assertThat(net.raft("2").status().firstIndex()).isEqualTo(snapshotIndex + 1);
    }
}
