package io.raftkv.server.storage.je;

import io.raftkv.server.storage.StateStore;
import io.raftkv.server.storage.StateStoreContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

class JeStateStoreTest extends StateStoreContract {
    @TempDir
    Path dir;
    private final Map<String, JeStorage> storages = new HashMap<>();

    @Override
    protected StateStore openStorage(String name) {
        JeStorage storage = JeStorage.open(dir.resolve(name));
        storages.put(name, storage);
        return storage.stateStore();
    }

    @Override
    protected void closeStorage(String name) {
        storages.remove(name).close();
    }
}
