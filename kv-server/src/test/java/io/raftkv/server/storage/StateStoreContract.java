package io.raftkv.server.storage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link StateStore} backend must do. A backend's test extends this and says how to open
 * and close named storages private to the running test ("main" is open during each test; snapshot
 * checks install into a second one).
 */
public abstract class StateStoreContract {
    protected StateStore store;
    private final Set<String> open = new LinkedHashSet<>();

    /** Opens this test's storage called {@code name}: empty the first time, as left before otherwise. */
    protected abstract StateStore openStorage(String name) throws Exception;

    /** Closes what {@link #openStorage} opened for {@code name}; stored state stays. */
    protected abstract void closeStorage(String name) throws Exception;

    @BeforeEach
    final void openMain() throws Exception {
        store = open("main");
    }

    @AfterEach
    final void closeAll() throws Exception {
        for (String name : List.copyOf(open)) {
            close(name);
        }
    }

    protected final StateStore open(String name) throws Exception {
        StateStore s = openStorage(name);
        open.add(name);
        return s;
    }

    protected final void close(String name) throws Exception {
        open.remove(name);
        closeStorage(name);
    }

    protected final void reopen() throws Exception {
        close("main");
        store = open("main");
    }

    @Test
    void emptyStorageHasNothingApplied() {
        assertThat(store.appliedIndex()).isZero();
        assertThat(store.get(key("a"))).isEmpty();
        assertThat(store.get(new byte[0])).isEmpty();
        assertThat(store.range(new byte[0], new byte[0], 10, false)).isEmpty();
        assertThat(store.getRecord(key("a"))).isEmpty();
        assertThat(store.records(new byte[0], new byte[0], 10)).isEmpty();
    }

    @Test
    void mutationsAndTheAppliedIndexSurviveAReopenTogether() throws Exception {
        StoredValue a = value("a", "1", 3, 5, 2, 77);
        store.apply(4, List.of(new Mutation.Put(a), new Mutation.Put(value("b", "2", 4, 4, 1, 0)),
                new Mutation.PutRecord(key("rev"), key("5"))));
        store.apply(5, List.of(new Mutation.Delete(key("b")), new Mutation.Delete(key("absent"))));
        reopen();
        assertThat(store.appliedIndex()).isEqualTo(5);
        assertThat(store.get(key("a"))).contains(a);
        assertThat(store.get(key("b"))).isEmpty();
        assertThat(store.getRecord(key("rev"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(key("5")));
        store.apply(6, List.of());
        assertThat(store.appliedIndex()).isEqualTo(6);
    }

    @Test
    void getAllReturnsTheStoredValuesOfTheKeysAskedForAndSkipsTheRest() {
        StoredValue a = value("a", "1", 1, 1, 1, 0);
        StoredValue c = value("c", "3", 2, 2, 1, 0);
        store.apply(1, List.of(new Mutation.Put(a), new Mutation.Put(value("b", "2", 1, 1, 1, 0)), new Mutation.Put(c)));

        assertThat(store.getAll(List.of(key("c"), key("absent"), key("a"), new byte[0]))).containsExactlyInAnyOrder(a, c);
        assertThat(store.getAll(List.of())).isEmpty();
    }

    @Test
    void laterMutationsInOneApplyWin() {
        store.apply(1, List.of(new Mutation.Put(value("k", "1", 1, 1, 1, 0)), new Mutation.Put(value("k", "2", 1, 1, 2, 0)),
                new Mutation.PutRecord(key("r"), key("x")), new Mutation.DeleteRecord(key("r"))));
        assertThat(store.get(key("k")).orElseThrow().value()).isEqualTo(key("2"));
        assertThat(store.getRecord(key("r"))).isEmpty();
    }

    @Test
    void anEntryIsNeverAppliedTwiceNorBackwards() throws Exception {
        List<Mutation> again = List.of(new Mutation.Put(value("x", "1", 1, 1, 1, 0)), new Mutation.PutRecord(key("r"), key("1")));
        assertThatThrownBy(() -> store.apply(0, again)).as("empty storage has index 0 applied")
                .isInstanceOf(IllegalStateException.class);
        store.apply(5, List.of(new Mutation.Put(value("a", "1", 1, 1, 1, 0))));
        assertThatThrownBy(() -> store.apply(5, again)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.apply(3, again)).isInstanceOf(IllegalStateException.class);
        reopen();
        assertThat(store.appliedIndex()).isEqualTo(5);
        assertThat(store.get(key("x"))).as("a refused apply writes nothing").isEmpty();
        assertThat(store.getRecord(key("r"))).isEmpty();
    }

    @Test
    void rangesFollowUnsignedByteOrderWithStartPrefixAndLimit() {
        String[] hexKeys = {"ffff", "ff00", "ff", "80", "7f", "62", "61ff", "616263", "6162", "61", "01", "00"};
        List<Mutation> puts = new ArrayList<>();
        for (int i = 0; i < hexKeys.length; i++) {
            puts.add(new Mutation.Put(new StoredValue(hex(hexKeys[i]), key("value " + i), i, i + 1, i + 2, i + 3)));
        }
        store.apply(1, puts);
        assertThat(hexKeys(store.range(new byte[0], new byte[0], 100, false)))
                .containsExactly("00", "01", "61", "6162", "616263", "61ff", "62", "7f", "80", "ff", "ff00", "ffff");
        assertThat(hexKeys(store.range(new byte[0], hex("ff"), 100, false))).containsExactly("ff", "ff00", "ffff");
        assertThat(hexKeys(store.range(hex("ff01"), hex("ff"), 100, false))).containsExactly("ffff");
        assertThat(hexKeys(store.range(hex("6162"), hex("61"), 2, false))).containsExactly("6162", "616263");
        assertThat(hexKeys(store.range(hex("00"), hex("61"), 100, false))).as("a start below the prefix")
                .containsExactly("61", "6162", "616263", "61ff");
        assertThat(hexKeys(store.range(hex("62"), hex("61"), 100, false))).as("a start past the prefix").isEmpty();
        assertThat(hexKeys(store.range(hex("7f00"), new byte[0], 3, false))).containsExactly("80", "ff", "ff00");
        assertThat(store.range(new byte[0], hex("0102"), 100, false)).isEmpty();
        assertThatThrownBy(() -> store.range(new byte[0], new byte[0], 0, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysOnlyRangesKeepTheMetadataAndDropTheBytes() {
        StoredValue big = new StoredValue(hex("00ff"), random(1 << 20, 1), 10, 11, 12, 13);
        store.apply(1, List.of(new Mutation.Put(big), new Mutation.Put(value("k", "small", 1, 2, 3, 4))));
        assertThat(store.range(new byte[0], new byte[0], 10, true))
                .containsExactly(big.withoutValue(), value("k", "", 1, 2, 3, 4));
        assertThat(store.range(new byte[0], new byte[0], 10, false)).containsExactly(big, value("k", "small", 1, 2, 3, 4));
        assertThat(store.get(hex("00ff"))).contains(big);
    }

    @Test
    void recordsAreAKeyspaceOfTheirOwn() throws Exception {
        store.apply(1, List.of(new Mutation.Put(value("k", "user", 1, 1, 1, 0)), new Mutation.PutRecord(key("k"), key("aux")),
                new Mutation.PutRecord(key("idem/2"), key("b")), new Mutation.PutRecord(key("idem/1"), key("a")),
                new Mutation.PutRecord(key("rev"), new byte[0])));
        reopen();
        assertThat(store.get(key("k")).orElseThrow().value()).isEqualTo(key("user"));
        assertThat(store.getRecord(key("k"))).hasValueSatisfying(v -> assertThat(v).isEqualTo(key("aux")));
        assertThat(store.range(new byte[0], new byte[0], 10, false)).hasSize(1);
        assertThat(store.records(new byte[0], key("idem/"), 10))
                .containsExactly(new StoredRecord(key("idem/1"), key("a")), new StoredRecord(key("idem/2"), key("b")));
        assertThat(store.records(key("idem/2"), new byte[0], 10))
                .containsExactly(new StoredRecord(key("idem/2"), key("b")), new StoredRecord(key("k"), key("aux")),
                        new StoredRecord(key("rev"), new byte[0]));
        store.apply(2, List.of(new Mutation.Delete(key("k"))));
        assertThat(store.getRecord(key("k"))).as("deleting a key leaves the record").isPresent();
        store.apply(3, List.of(new Mutation.DeleteRecord(key("rev"))));
        assertThat(store.records(new byte[0], new byte[0], 10)).hasSize(3);
    }

    @Test
    void aSnapshotInstallsTheSameStateAndAppliedIndexElsewhere() throws Exception {
        fill(store, 42);
        StateStore other = open("other");
        other.apply(100, List.of(new Mutation.Put(value("stale", "x", 1, 1, 1, 0)), new Mutation.PutRecord(key("stale"), key("x"))));
        other.readSnapshot(new ByteArrayInputStream(snapshotOf(store)));
        assertThat(contents(other)).isEqualTo(contents(store));
        close("other");
        assertThat(contents(open("other"))).as("durably").isEqualTo(contents(store));
        assertThat(contents(store).applied()).isEqualTo(42);
    }

    @Test
    void anEmptyStateSnapshotEmptiesTheTarget() throws Exception {
        StateStore other = open("other");
        fill(other, 7);
        other.readSnapshot(new ByteArrayInputStream(snapshotOf(store)));
        assertThat(contents(other)).isEqualTo(new Contents(0, List.of(), List.of()));
    }

    @Test
    void aDamagedSnapshotIsRejectedAndChangesNothing() throws Exception {
        store.apply(9, List.of(new Mutation.Put(new StoredValue(hex("ff00"), random(5000, 2), 1, 2, 3, 4)),
                new Mutation.Put(value("b", "2", 1, 1, 1, 0)), new Mutation.PutRecord(key("r"), key("1"))));
        byte[] snapshot = snapshotOf(store);
        StateStore other = open("other");
        fill(other, 50);
        Contents before = contents(other);
        for (int at : new int[]{0, 6, 13, 20, 40, snapshot.length / 2, snapshot.length - 9, snapshot.length - 1}) {
            byte[] damaged = snapshot.clone();
            damaged[at] ^= 0x10;
            assertThatThrownBy(() -> other.readSnapshot(new ByteArrayInputStream(damaged)))
                    .as("a byte flipped at %d", at).isInstanceOf(CorruptSnapshotException.class);
            assertThat(contents(other)).isEqualTo(before);
        }
        for (int length : new int[]{0, 8, snapshot.length / 2, snapshot.length - 1}) {
            byte[] truncated = Arrays.copyOf(snapshot, length);
            assertThatThrownBy(() -> other.readSnapshot(new ByteArrayInputStream(truncated)))
                    .as("truncated to %d bytes", length).isInstanceOf(CorruptSnapshotException.class);
            assertThat(contents(other)).isEqualTo(before);
        }
    }

    @Test
    void aRestoreWhoseContentsFailChangesNothing() throws Exception {
        fill(store, 5);
        Contents before = contents(store);
        Iterator<Mutation> failing = new Iterator<>() {
            int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Mutation next() {
                if (++n > 3) {
                    throw new IllegalStateException("source failed");
                }
                return new Mutation.Put(value("new" + n, "v", 1, 1, 1, 0));
            }
        };
        assertThatThrownBy(() -> store.restore(80, failing)).hasMessage("source failed");
        reopen();
        assertThat(contents(store)).isEqualTo(before);
    }

    /** Values and records to snapshot: more than a page of keys, binary keys, a large value. */
    private static void fill(StateStore s, long applied) {
        List<Mutation> puts = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            puts.add(new Mutation.Put(new StoredValue(new byte[]{(byte) (i >> 8), (byte) i, (byte) 0xFF}, key("v" + i), i, i + 1, 1, 0)));
        }
        puts.add(new Mutation.Put(new StoredValue(hex("ffff"), random(1 << 20, 3), 5, 6, 7, 8)));
        for (int i = 0; i < 1500; i++) {
            puts.add(new Mutation.PutRecord(key("idem/" + i), key("expires " + i)));
        }
        s.apply(applied, puts);
    }

    protected static byte[] snapshotOf(StateStore s) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.writeSnapshot(out);
        return out.toByteArray();
    }

    /** Everything a store holds, comparable by equals. */
    protected record Contents(long applied, List<StoredValue> values, List<StoredRecord> records) {
    }

    protected static Contents contents(StateStore s) {
        return new Contents(s.appliedIndex(), s.range(new byte[0], new byte[0], Integer.MAX_VALUE, false),
                s.records(new byte[0], new byte[0], Integer.MAX_VALUE));
    }

    protected static List<String> hexKeys(List<StoredValue> values) {
        return values.stream().map(v -> HexFormat.of().formatHex(v.key())).toList();
    }

    protected static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    protected static StoredValue value(String key, String value, long create, long mod, long version, long lease) {
        return new StoredValue(key(key), key(value), create, mod, version, lease);
    }

    protected static byte[] key(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
