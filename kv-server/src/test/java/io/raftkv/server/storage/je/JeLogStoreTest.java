package io.raftkv.server.storage.je;

import io.raftkv.server.storage.LogStore;
import io.raftkv.server.storage.LogStoreContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

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
}
