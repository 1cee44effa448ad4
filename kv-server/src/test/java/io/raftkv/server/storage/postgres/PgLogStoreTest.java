package io.raftkv.server.storage.postgres;

import io.raftkv.server.storage.LogStore;
import io.raftkv.server.storage.LogStoreContract;
import org.junit.jupiter.api.AfterAll;

class PgLogStoreTest extends LogStoreContract {
    private final String schema = TestPostgres.newSchema("log");
    private PgStorage storage;

    @AfterAll
    static void dropSchemas() {
        TestPostgres.dropSchemas();
    }

    @Override
    protected LogStore openStorage() {
        storage = PgStorage.open(TestPostgres.settings(schema, "test"));
        return storage.logStore();
    }

    @Override
    protected void closeStorage() {
        storage.close();
    }
}
