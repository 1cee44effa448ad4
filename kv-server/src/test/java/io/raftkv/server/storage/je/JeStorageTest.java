package io.raftkv.server.storage.je;

import io.raftkv.server.raft.message.Entry;
import io.raftkv.server.raft.message.HardState;
import io.raftkv.server.storage.Mutation;
import io.raftkv.server.storage.StoredValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What is particular to the JE backend: one environment, one fsync per log append and none per apply, the lifecycle. */
class JeStorageTest {
    @TempDir
    Path dir;

    @Test
    void bothStoresShareOneEnvironmentWithTheDocumentedDatabases() {
        try (JeStorage storage = JeStorage.open(dir.resolve("new/node-1"))) {
            assertThat(storage.environment().getDatabaseNames())
                    .containsExactlyInAnyOrder("raft-log", "raft-meta", "raft-snapshot", "kv", "kv-records", "kv-meta");
        }
    }

    @Test
    void aBatchOfEntriesCostsOneFsyncAndApplyingOrACommitIndexNone() {
        try (JeStorage storage = JeStorage.open(dir)) {
            long before = storage.environment().getStats(null).getNLogFSyncs();
            for (int call = 0; call < 10; call++) {
                List<Entry> entries = new ArrayList<>();
                List<Mutation> mutations = new ArrayList<>();
                for (int i = 1; i <= 100; i++) {
                    long index = call * 100L + i;
                    entries.add(Entry.normal(index, 1, new byte[100]));
                    mutations.add(new Mutation.Put(new StoredValue(("k" + index).getBytes(), new byte[100], index, index, 1, 0)));
                }
                storage.logStore().persist(new HardState(1, "n1", call * 100L), null, entries);
                storage.stateStore().apply(call + 1, mutations);
                storage.logStore().persistCommit(new HardState(1, "n1", call * 100L + 100));
            }
            assertThat(storage.environment().getStats(null).getNLogFSyncs() - before).isEqualTo(10);
        }
    }

    @Test
    void closingBothStoresClosesTheEnvironment() {
        JeStorage storage = JeStorage.open(dir);
        storage.logStore().persist(new HardState(2, null, 0), null, List.of());
        storage.stateStore().apply(3, List.of());
        storage.logStore().close();
        storage.logStore().close();
        assertThat(storage.environment().isValid()).as("the state store still uses it").isTrue();
        storage.stateStore().close();
        assertThat(storage.environment().isValid()).isFalse();
        assertThatThrownBy(() -> storage.stateStore().appliedIndex()).isInstanceOf(IllegalStateException.class);
        storage.close();
        try (JeStorage reopened = JeStorage.open(dir)) {
            assertThat(reopened.logStore().load(3).hardState()).isEqualTo(new HardState(2, null, 0));
            assertThat(reopened.stateStore().appliedIndex()).isEqualTo(3);
        }
    }
}
