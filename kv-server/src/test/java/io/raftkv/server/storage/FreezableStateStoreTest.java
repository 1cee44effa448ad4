package io.raftkv.server.storage;

import io.raftkv.server.storage.je.JeStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A frozen view reads the state as of the freeze while writes go on (copy on write), over real JE. */
class FreezableStateStoreTest {
    @TempDir
    Path dir;
    private JeStorage je;
    private FreezableStateStore store;

    @BeforeEach
    void open() {
        je = JeStorage.open(dir);
        store = new FreezableStateStore(je.stateStore());
    }

    @AfterEach
    void close() {
        je.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Mutation put(String key, String value) {
        return new Mutation.Put(new StoredValue(b(key), b(value), 1, 1, 1, 0));
    }

    private static List<String> keys(List<StoredValue> values) {
        return values.stream().map(v -> new String(v.key(), StandardCharsets.UTF_8) + "=" + new String(v.value(),
                StandardCharsets.UTF_8)).toList();
    }

    /** Every value of {@code view}, read in pages of {@code page} as a snapshot reads them. */
    private static List<String> pagedThrough(StateStore view, int page) {
        List<StoredValue> all = new ArrayList<>();
        for (List<StoredValue> p = view.range(new byte[0], new byte[0], page, false); !p.isEmpty();
             p = view.range(after(p.getLast().key()), new byte[0], page, false)) {
            all.addAll(p);
        }
        return keys(all);
    }

    private static byte[] after(byte[] key) {
        return java.util.Arrays.copyOf(key, key.length + 1);
    }

    @Test
    void theViewKeepsTheStateOfTheFreezeWhileChangesGoOn() {
        store.apply(1, List.of(put("a", "1"), put("c", "1"), put("e", "1"), new Mutation.PutRecord(b("r"), b("1"))));
        StateStore view = store.freeze();

        store.apply(2, List.of(put("a", "2"), new Mutation.Delete(b("c")), put("b", "new"), put("d", "new"),
                new Mutation.PutRecord(b("r"), b("2")), new Mutation.PutRecord(b("s"), b("new"))));
        store.apply(3, List.of(put("a", "3")));

        assertThat(view.appliedIndex()).isEqualTo(1);
        assertThat(store.appliedIndex()).isEqualTo(3);
        assertThat(view.get(b("a")).orElseThrow().value()).isEqualTo(b("1"));
        assertThat(view.get(b("c"))).isPresent();
        assertThat(view.get(b("b"))).isEmpty();
        assertThat(keys(view.range(new byte[0], new byte[0], 10, false))).containsExactly("a=1", "c=1", "e=1");
        assertThat(view.range(new byte[0], new byte[0], 10, true)).allMatch(v -> v.value().length == 0);
        assertThat(view.getRecord(b("r"))).contains(b("1"));
        assertThat(view.records(new byte[0], new byte[0], 10)).containsExactly(new StoredRecord(b("r"), b("1")));
        assertThat(keys(store.range(new byte[0], new byte[0], 10, false))).containsExactly("a=3", "b=new", "d=new", "e=1");
    }

    @Test
    void pagesStayWholeWhenKeysCreatedSinceTheFreezeFillThem() {
        store.apply(1, List.of(put("a", "1"), put("z", "1")));
        StateStore view = store.freeze();
        List<Mutation> created = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            created.add(put("m" + i, "new"));
        }
        store.apply(2, created);

        assertThat(pagedThrough(view, 3)).containsExactly("a=1", "z=1");
    }

    @Test
    void theViewsSnapshotIsTheFrozenStateAndThawingForgetsThePreImages() throws IOException {
        store.apply(1, List.of(put("a", "1")));
        StateStore view = store.freeze();
        store.apply(2, List.of(put("a", "2"), put("b", "2")));
        ByteArrayOutputStream image = new ByteArrayOutputStream();
        view.writeSnapshot(image);
        assertThatThrownBy(store::freeze).isInstanceOf(IllegalStateException.class);
        store.thaw();

        try (JeStorage other = JeStorage.open(dir.resolve("other"))) {
            other.stateStore().readSnapshot(new java.io.ByteArrayInputStream(image.toByteArray()));
            assertThat(other.stateStore().appliedIndex()).isEqualTo(1);
            assertThat(keys(other.stateStore().range(new byte[0], new byte[0], 10, false))).containsExactly("a=1");
        }
        assertThat(store.freeze().get(b("a")).orElseThrow().value()).isEqualTo(b("2"));
    }
}
