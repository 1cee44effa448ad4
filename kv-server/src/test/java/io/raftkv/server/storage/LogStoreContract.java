package io.raftkv.server.storage;

import io.raftkv.server.raft.PersistentState;
import io.raftkv.server.raft.message.ConfState;
import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.EntryType;
import io.raftkv.server.raft.message.HardState;
import io.raftkv.server.raft.message.Snapshot;
import io.raftkv.server.raft.message.SnapshotMeta;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link LogStore} backend must do. A backend's test extends this and says how to open
 * and close the storage of the running test; most checks reopen it, as a restarting node would.
 */
public abstract class LogStoreContract {
    private static final HardState HARD_STATE = new HardState(3, "node-2", 7);

    protected LogStore store;

    /** Opens this test's storage, empty the first time, with whatever was stored before otherwise. */
    protected abstract LogStore openStorage() throws Exception;

    /** Closes what {@link #openStorage} opened; stored state stays. */
    protected abstract void closeStorage() throws Exception;

    @BeforeEach
    final void openStore() throws Exception {
        store = openStorage();
    }

    @AfterEach
    final void closeStore() throws Exception {
        closeStorage();
    }

    protected final void reopen() throws Exception {
        closeStorage();
        store = openStorage();
    }

    @Test
    void emptyStorageLoadsAsAFreshNode() {
        PersistentState state = store.load(0);
        assertThat(state.hardState()).isEqualTo(HardState.INITIAL);
        assertSnapshot(state.snapshot(), LogStore.NO_SNAPSHOT);
        assertThat(state.entries()).isEmpty();
        assertThat(state.applied()).isZero();
        assertThat(store.firstIndex()).isEqualTo(1);
        assertThat(store.lastIndex()).isZero();
    }

    @Test
    void persistedEntriesAndHardStateSurviveAReopen() throws Exception {
        List<Entry> entries = List.of(Entry.normal(1, 1, bytes("a")), new Entry(2, 1, EntryType.CONF_CHANGE, bytes("c")),
                Entry.normal(3, 2, new byte[0]));
        store.persist(HARD_STATE, null, entries);
        reopen();
        PersistentState state = store.load(2);
        assertThat(state.hardState()).isEqualTo(HARD_STATE);
        assertThat(state.entries()).isEqualTo(entries);
        assertThat(state.applied()).isEqualTo(2);
        assertThat(store.entries(2, 3)).isEqualTo(entries.subList(1, 3));
        assertThat(store.entries(4, 10)).isEmpty();
        assertThat(store.lastIndex()).isEqualTo(3);
    }

    @Test
    void entriesFromTheMiddleReplaceTheTail() throws Exception {
        store.persist(null, null, entries(1, 10, 1));
        store.persist(null, null, entries(5, 6, 2));
        reopen();
        List<Entry> expected = new ArrayList<>(entries(1, 4, 1));
        expected.addAll(entries(5, 6, 2));
        assertThat(store.load(0).entries()).isEqualTo(expected);
        assertThat(store.lastIndex()).isEqualTo(6);
    }

    @Test
    void hardStateAloneLeavesTheLog() throws Exception {
        store.persist(null, null, entries(1, 3, 1));
        store.persist(new HardState(4, null, 2), null, List.of());
        store.persist(new HardState(5, "n\u00e9-1", 3), null, List.of());
        reopen();
        PersistentState state = store.load(0);
        assertThat(state.hardState()).isEqualTo(new HardState(5, "n\u00e9-1", 3));
        assertThat(state.entries()).isEqualTo(entries(1, 3, 1));
        store.persist(new HardState(6, null, 3), null, List.of());
        assertThat(store.load(0).hardState()).isEqualTo(new HardState(6, null, 3));
    }

    @Test
    void aSnapshotReplacesTheWholeLogThenEntriesFollowIt() throws Exception {
        store.persist(HARD_STATE, null, entries(1, 10, 1));
        Snapshot snapshot = snapshot(5, 2, random(1000, 1));
        store.persist(new HardState(4, "node-1", 5), snapshot, entries(4, 7, 2));
        reopen();
        PersistentState state = store.load(5);
        assertSnapshot(state.snapshot(), snapshot);
        assertThat(state.entries()).as("older entries, newer entries and those at or below the snapshot are gone")
                .isEqualTo(entries(6, 7, 2));
        assertThat(state.hardState()).isEqualTo(new HardState(4, "node-1", 5));
        assertThat(store.firstIndex()).isEqualTo(6);
        assertThat(store.lastIndex()).isEqualTo(7);
    }

    @Test
    void aSnapshotAheadOfTheLogLeavesNoEntries() throws Exception {
        store.persist(null, null, entries(1, 3, 1));
        store.persist(null, snapshot(20, 3, bytes("s")), List.of());
        reopen();
        assertThat(store.load(20).entries()).isEmpty();
        assertThat(store.lastIndex()).isEqualTo(20);
        assertThat(store.firstIndex()).isEqualTo(21);
        store.persist(null, null, entries(21, 22, 3));
        assertThat(store.load(20).entries()).isEqualTo(entries(21, 22, 3));
    }

    @Test
    void compactionKeepsTheEntriesAfterTheSnapshot() throws Exception {
        store.persist(HARD_STATE, null, entries(1, 10, 1));
        Snapshot snapshot = snapshot(4, 1, bytes("state at 4"));
        assertThat(store.compact(snapshot)).isTrue();
        assertThat(store.compact(snapshot(3, 1, bytes("older")))).as("an older snapshot is ignored").isFalse();
        assertThat(store.compact(snapshot(4, 1, bytes("same")))).isFalse();
        reopen();
        PersistentState state = store.load(6);
        assertSnapshot(state.snapshot(), snapshot);
        assertThat(state.entries()).isEqualTo(entries(5, 10, 1));
        assertThat(state.hardState()).isEqualTo(HARD_STATE);
        assertThat(store.entries(1, 10)).isEqualTo(entries(5, 10, 1));
        assertThat(store.compact(snapshot(12, 1, bytes("past the log")))).isTrue();
        assertThat(store.load(12).entries()).isEmpty();
        assertThat(store.lastIndex()).isEqualTo(12);
    }

    @Test
    void compactedEntriesAreNeverReadAgainWhileTheLogGoesOn() throws Exception {
        store.persist(HARD_STATE, null, entries(1, 3000, 1));
        store.compact(snapshot(2900, 1, bytes("state at 2900")));
        for (long i = 3001; i <= 3010; i++) {
            store.persist(null, null, entries(i, i, 1));
            assertThat(store.entries(1, i)).isEqualTo(entries(2901, i, 1));
        }
        reopen();
        assertThat(store.firstIndex()).isEqualTo(2901);
        assertThat(store.lastIndex()).isEqualTo(3010);
        assertThat(store.load(2900).entries()).isEqualTo(entries(2901, 3010, 1));
        store.compact(snapshot(3010, 1, bytes("state at 3010")));
        assertThat(store.lastIndex()).isEqualTo(3010);
        assertThat(store.entries(1, 3010)).isEmpty();
        store.persist(null, null, entries(3011, 3011, 1));
        assertThat(store.load(3010).entries()).isEqualTo(entries(3011, 3011, 1));
    }

    @Test
    void largeEntriesAndSnapshotsRoundTrip() throws Exception {
        Entry big = Entry.normal(1, 1, random(1 << 20, 2));
        Snapshot snapshot = snapshot(1, 1, random((3 << 20) + 17, 3));
        store.persist(null, null, List.of(big));
        store.persist(null, null, List.of(Entry.normal(2, 1, random(1 << 20, 4))));
        store.compact(snapshot);
        reopen();
        assertSnapshot(store.snapshot(), snapshot);
        assertThat(store.entries(2, 2).getFirst().data()).isEqualTo(random(1 << 20, 4));
        Snapshot smaller = snapshot(2, 1, bytes("small"));
        store.compact(smaller);
        assertSnapshot(store.snapshot(), smaller);
    }

    @Test
    void manyEntriesInOnePersist() throws Exception {
        List<Entry> entries = entries(1, 20_000, 1);
        store.persist(HARD_STATE, null, entries);
        reopen();
        assertThat(store.load(0).entries()).isEqualTo(entries);
    }

    @Test
    void persistingNothingWritesNothing() throws Exception {
        store.persist(null, null, List.of());
        reopen();
        assertThat(store.load(0).hardState()).isEqualTo(HardState.INITIAL);
    }

    @Test
    void aGapOrUnorderedEntriesAreRefusedAndChangeNothing() {
        store.persist(HARD_STATE, null, entries(1, 3, 1));
        assertThatThrownBy(() -> store.persist(new HardState(9, null, 0), null, entries(5, 6, 2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.persist(null, null, List.of(Entry.normal(2, 2, null), Entry.normal(4, 2, null))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.persist(null, snapshot(5, 1, bytes("s")), entries(7, 8, 1)))
                .isInstanceOf(IllegalArgumentException.class);
        PersistentState state = store.load(0);
        assertThat(state.hardState()).isEqualTo(HARD_STATE);
        assertThat(state.entries()).isEqualTo(entries(1, 3, 1));
        assertSnapshot(state.snapshot(), LogStore.NO_SNAPSHOT);
    }

    @Test
    void loadingWithTheStateMachineBehindTheSnapshotIsRefused() {
        store.persist(null, snapshot(5, 1, bytes("s")), List.of());
        assertThatThrownBy(() -> store.load(4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("install the snapshot");
        assertThat(store.load(5).applied()).isEqualTo(5);
    }

    protected static List<Entry> entries(long from, long to, long term) {
        List<Entry> entries = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            entries.add(Entry.normal(i, term, bytes("entry " + i + " term " + term)));
        }
        return entries;
    }

    protected static Snapshot snapshot(long index, long term, byte[] data) {
        ConfState conf = new ConfState(java.util.Set.of("node-1", "node-2", "node-3"), java.util.Set.of("learner-\u00fc"));
        return new Snapshot(new SnapshotMeta(index, term, conf), data);
    }

    /** Snapshot is a record over an array, so equality is checked part by part. */
    protected static void assertSnapshot(Snapshot actual, Snapshot expected) {
        assertThat(actual.meta()).isEqualTo(expected.meta());
        assertThat(actual.data()).isEqualTo(expected.data());
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
