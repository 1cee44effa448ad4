package io.raftkv.server.storage.postgres;

import io.raftkv.server.storage.StateStore;
import io.raftkv.server.storage.StateStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PgStateStoreTest extends StateStoreContract {
    /** This test's schema for each storage name, kept across reopens. */
    private final Map<String, String> schemas = new HashMap<>();
    private final Map<String, PgStorage> storages = new HashMap<>();

    @AfterAll
    static void dropSchemas() {
        TestPostgres.dropSchemas();
    }

    @Override
    protected StateStore openStorage(String name) {
        String schema = schemas.computeIfAbsent(name, n -> TestPostgres.newSchema("state_" + n));
        PgStorage storage = PgStorage.open(TestPostgres.settings(schema, "test"));
        storages.put(name, storage);
        return storage.stateStore();
    }

    @Override
    protected void closeStorage(String name) {
        storages.remove(name).close();
    }

    @Test
    void aPrefixEndsAtItsSuccessor() {
        assertThat(PgStateStore.successor(new byte[]{0x61})).containsExactly(0x62);
        assertThat(PgStateStore.successor(new byte[]{0x61, (byte) 0xFF, (byte) 0xFF})).containsExactly(0x62);
        assertThat(PgStateStore.successor(new byte[]{0x00, (byte) 0xFE})).containsExactly(0x00, 0xFF);
        assertThat(PgStateStore.successor(new byte[]{(byte) 0xFF, (byte) 0xFF})).as("every later key has it").isNull();
        assertThat(PgStateStore.successor(new byte[0])).isNull();
    }
}
