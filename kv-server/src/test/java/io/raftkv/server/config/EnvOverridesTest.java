package io.raftkv.server.config;

import io.raftkv.server.http.Forwarding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvOverridesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
            "cluster.name, KV_CLUSTER_NAME",
            "raft.heartbeat-ms, KV_RAFT_HEARTBEAT_MS",
            "raft.election-timeout-ms, KV_RAFT_ELECTION_TIMEOUT_MS",
            "http.forwarding, KV_HTTP_FORWARDING",
            "kv.idempotency-window-ms, KV_KV_IDEMPOTENCY_WINDOW_MS",
            "logging.format, KV_LOGGING_FORMAT",
    })
    void aKeysVariableIsItsUpperCasePathWithUnderscores(String key, String variable) {
        assertThat(EnvOverrides.variable(key)).isEqualTo(variable);
        assertThat(EnvOverrides.from(Map.of(variable, "x"))).containsExactly(Map.entry(key, "x"));
    }

    @Test
    void everyKeyWithADefaultHasItsOwnVariable() {
        assertThat(ConfigReader.DEFAULTS.keySet().stream().map(EnvOverrides::variable).distinct())
                .hasSize(ConfigReader.DEFAULTS.size());
    }

    @Test
    void variablesOverrideTheFileAndSetKeysItLeavesOut() throws IOException {
        Path file = write(TestYaml.MINIMAL + "raft:\n  heartbeat-ms: 100\n");

        ServerConfig config = ServerConfig.load(file, Map.of(
                "KV_RAFT_HEARTBEAT_MS", "50",
                "KV_HTTP_FORWARDING", "redirect",
                "KV_LOGGING_FORMAT", "json"));

        assertThat(config.raft().heartbeat()).isEqualTo(Duration.ofMillis(50));
        assertThat(config.http().forwarding()).isEqualTo(Forwarding.REDIRECT);
        assertThat(config.logFormat()).isEqualTo(LogFormat.JSON);
        assertThat(config.raft().electionTimeout()).isEqualTo(Duration.ofMillis(800));
    }

    @Test
    void otherVariablesAreIgnored() throws IOException {
        Path file = write(TestYaml.VALID);

        ServerConfig config = ServerConfig.load(file, Map.of("PATH", "/usr/bin", "HOME", "/root", "KVX", "1"));

        assertThat(config).isEqualTo(ServerConfig.fromYaml(TestYaml.VALID));
    }

    @Test
    void anOverriddenValueIsValidatedUnderItsKey() throws IOException {
        Path file = write(TestYaml.VALID);

        assertThatThrownBy(() -> ServerConfig.load(file, Map.of("KV_RAFT_ELECTION_TIMEOUT_MS", "300")))
                .hasMessageStartingWith("raft.election-timeout-ms: 300 is under 5 heartbeats");
        assertThatThrownBy(() -> ServerConfig.load(file, Map.of("KV_RAFT_TICK_MS", "fast")))
                .hasMessage("raft.tick-ms: 'fast' is not a whole number");
    }

    @Test
    void aVariableThatNamesNoKeyIsAnError() throws IOException {
        Path file = write(TestYaml.VALID);

        assertThatThrownBy(() -> ServerConfig.load(file, Map.of("KV_RAFT_HEARTBEAT", "50")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("KV_RAFT_HEARTBEAT: is not a setting; the KV_* variables are KV_CLUSTER_NAME,")
                .hasMessageContaining("KV_RAFT_HEARTBEAT_MS");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> ServerConfig.load(missing, Map.of()))
                .hasMessage("--config: no such file: " + missing.toAbsolutePath());
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("cluster.yaml"), yaml);
    }
}
