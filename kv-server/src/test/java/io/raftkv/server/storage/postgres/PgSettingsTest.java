package io.raftkv.server.storage.postgres;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PgSettingsTest {
    private static final String URL = "jdbc:postgresql://db.example:5432/raftkv";

    @Test
    void obviousNonsenseIsRefusedByName() {
        assertThatThrownBy(() -> new PgSettings("postgresql://db/raftkv", "u", "", "node_1", "c"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbcUrl");
        assertThatThrownBy(() -> new PgSettings(URL, " ", "", "node_1", "c")).hasMessageContaining("user");
        assertThatThrownBy(() -> new PgSettings(URL, "u", null, "node_1", "c")).hasMessageContaining("password");
        assertThatThrownBy(() -> new PgSettings(URL, "u", "", "Node-1", "c")).hasMessageContaining("schema");
        assertThatThrownBy(() -> new PgSettings(URL, "u", "", "1node", "c")).hasMessageContaining("schema");
        assertThatThrownBy(() -> new PgSettings(URL, "u", "", "x".repeat(64), "c")).hasMessageContaining("schema");
        assertThatThrownBy(() -> new PgSettings(URL, "u", "", "pg_catalog", "c")).hasMessageContaining("reserved");
        assertThatThrownBy(() -> new PgSettings(URL, "u", "", "node_1", "")).hasMessageContaining("clusterName");
    }

    @Test
    void passwordsStayOutOfMessages() {
        PgSettings settings = new PgSettings(URL + "?password=hunter2&ssl=true", "u", "secret", "node_1", "c");
        assertThat(settings.toString()).doesNotContain("secret").doesNotContain("hunter2").contains("node_1", "db.example");
        assertThatThrownBy(() -> new PgSettings("jdbc:mysql://db?password=hunter2", "u", "", "node_1", "c"))
                .hasMessageNotContaining("hunter2");
    }
}
