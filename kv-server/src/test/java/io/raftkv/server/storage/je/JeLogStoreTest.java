package io.raftkv.server.storage.je;

import com.sleepycat.je.Database;
import com.sleepycat.je.DatabaseConfig;
import io.raftkv.server.storage.LogStore;
import io.raftkv.server.storage.LogStoreContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class JeLogStoreTest extends LogStoreContract {
    @TempDir
    Path dir;
    private JeStorage storage;

    @Override
    protected LogStore openStorage() {
        storage = JeStorage.open(dir);
        return storage.logStore();
    }

    @Override
    protected void closeStorage() {
        storage.close();
    }

    @Test
    void theEntriesACompactionCoversAreDeletedByTheWritesAfterIt() {
        store.persist(null, null, entries(1, 2000, 1));
        store.compact(snapshot(2000, 1, new byte[0]));
        assertThat(storedEntries()).as("compaction itself deletes nothing").isEqualTo(2000);

        store.persist(null, null, entries(2001, 2001, 1));
        store.persist(null, null, entries(2002, 2002, 1));

        assertThat(storedEntries()).isEqualTo(2000 - 2L * JeLogStore.TRIM_PER_WRITE + 2);
        for (long i = 2003; i <= 2006; i++) {
            store.persist(null, null, entries(i, i, 1));
        }
        assertThat(storedEntries()).as("only the entries after the snapshot are left").isEqualTo(6);
    }

    private long storedEntries() {
        try (Database log = storage.environment().openDatabase(null, "raft-log",
                new DatabaseConfig().setTransactional(true).setKeyPrefixing(true))) {
            return log.count();
        }
    }
}
