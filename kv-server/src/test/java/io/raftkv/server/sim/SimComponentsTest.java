package io.raftkv.server.sim;

import io.raftkv.server.raft.PersistentState;
import io.raftkv.server.raft.message.ConfState;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.HardState;
import io.raftkv.server.raft.message.Snapshot;
import io.raftkv.server.raft.message.SnapshotMeta;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator's own parts, which the runs trust: disk, state machine, virtual time. */
class SimComponentsTest {
    private static final ConfState CONF = ConfState.ofVoters("n1", "n2", "n3");

    private static Entry put(long index, long term, int client, long seq, String value) {
        return Entry.normal(index, term, new KvCommand(client, seq, KvCommand.Kind.PUT, "k", value, null).encode());
    }

    @Test
    void aCrashLosesOnlyWhatWasNotSynced() {
        DurableStorage disk = new DurableStorage(PersistentState.bootstrap(CONF));
        disk.write(null, List.of(put(1, 1, 0, 1, "a"), put(2, 1, 0, 2, "b")), new HardState(1, "n1", 0));
        disk.sync();
        disk.write(null, List.of(put(3, 1, 0, 3, "c")), new HardState(2, "n2", 2));
        disk.crash();
        PersistentState recovered = disk.recover();
        assertThat(recovered.entries()).extracting(Entry::index).containsExactly(1L, 2L);
        assertThat(recovered.hardState()).isEqualTo(new HardState(1, "n1", 0));
    }

    @Test
    void entriesReplaceTheLogFromTheirFirstIndexAndSnapshotsReplaceItAll() {
        DurableStorage disk = new DurableStorage(PersistentState.bootstrap(CONF));
        disk.write(null, List.of(put(1, 1, 0, 1, "a"), put(2, 1, 0, 2, "b"), put(3, 1, 0, 3, "c")), null);
        disk.sync();
        disk.write(null, List.of(put(2, 2, 1, 1, "x")), null);
        disk.sync();
        assertThat(disk.lastIndex()).isEqualTo(2);
        assertThat(disk.termAt(2)).isEqualTo(2);
        disk.write(new Snapshot(new SnapshotMeta(10, 3, CONF), new byte[0]), List.of(put(11, 3, 0, 4, "d")), null);
        disk.sync();
        assertThat(disk.recover().entries()).extracting(Entry::index).containsExactly(11L);
        assertThat(disk.termAt(10)).isEqualTo(3);
    }

    @Test
    void aFoundingMemberThatNeverSyncedBootstrapsAgain() {
        DurableStorage disk = new DurableStorage(PersistentState.bootstrap(CONF));
        assertThat(disk.recover().bootstrapVoters()).isEqualTo(CONF);
        assertThat(new DurableStorage(PersistentState.joining()).recover().bootstrapVoters()).isNull();
    }

    @Test
    void aRetriedCommandAppliesOnceAndASnapshotKeepsTheSessions() {
        KvStateMachine sm = new KvStateMachine();
        assertThat(sm.apply(put(1, 1, 7, 1, "a"))).isEqualTo(KvStateMachine.Outcome.OK);
        byte[] cas = new KvCommand(7, 2, KvCommand.Kind.CAS, "k", "b", "zzz").encode();
        assertThat(sm.apply(Entry.normal(2, 1, cas))).isEqualTo(KvStateMachine.Outcome.CAS_FAILED);
        assertThat(sm.apply(Entry.normal(3, 1, cas))).as("the retry remembers the first outcome")
                .isEqualTo(KvStateMachine.Outcome.CAS_FAILED);
        assertThat(sm.apply(put(4, 1, 7, 1, "old"))).isEqualTo(KvStateMachine.Outcome.STALE);
        assertThat(sm.get("k")).isEqualTo("a");

        KvStateMachine copy = new KvStateMachine();
        copy.restore(sm.snapshot(), sm.applied());
        assertThat(copy.chain()).isEqualTo(sm.chain());
        assertThat(copy.get("k")).isEqualTo("a");
        assertThat(copy.apply(Entry.normal(5, 1, cas))).isEqualTo(KvStateMachine.Outcome.CAS_FAILED);
    }

    @Test
    void eventsAtTheSameInstantRunInSchedulingOrder() {
        EventQueue q = new EventQueue();
        List<String> order = new ArrayList<>();
        q.at(5, () -> order.add("b"));
        q.at(3, () -> order.add("a"));
        q.at(5, () -> order.add("c"));
        while (q.runNext(Long.MAX_VALUE)) {
            // drain
        }
        assertThat(order).containsExactly("a", "b", "c");
        assertThat(q.now()).isEqualTo(5);
    }
}
