package io.raftkv.server.config;

import io.raftkv.server.http.Forwarding;
import io.raftkv.server.http.HttpSettings;
import io.raftkv.server.node.Member;
import io.raftkv.server.node.NodeSettings;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerConfigTest {
    private static final Path REPO_CONFIG = Path.of("..", "config");

    @Test
    void theShippedThreeNodeFileHoldsTheQuickStartCluster() {
        ServerConfig config = ServerConfig.load(REPO_CONFIG.resolve("multi-node-cluster.yaml"), Map.of());

        assertThat(config.clusterName()).isEqualTo("raftkv-local");
        assertThat(config.nodes()).containsExactly(
                new NodeConfig("node-1", new HostPort("127.0.0.1", 8081), new HostPort("127.0.0.1", 9001),
                        Path.of("data/node-1")),
                new NodeConfig("node-2", new HostPort("127.0.0.1", 8082), new HostPort("127.0.0.1", 9002),
                        Path.of("data/node-2")),
                new NodeConfig("node-3", new HostPort("127.0.0.1", 8083), new HostPort("127.0.0.1", 9003),
                        Path.of("data/node-3")));
    }

    @Test
    void theShippedFiveNodeFileExtendsTheThreeNodeOne() {
        ServerConfig three = ServerConfig.load(REPO_CONFIG.resolve("multi-node-cluster.yaml"), Map.of());
        ServerConfig five = ServerConfig.load(REPO_CONFIG.resolve("five-node-cluster.yaml"), Map.of());

        assertThat(five.nodes()).hasSize(5).startsWith(three.nodes().toArray(NodeConfig[]::new));
        assertThat(five.nodes().get(4).http()).isEqualTo(new HostPort("127.0.0.1", 8085));
        assertThat(five.nodes().get(4).raft()).isEqualTo(new HostPort("127.0.0.1", 9005));
        assertThat(five.raft()).isEqualTo(three.raft());
        assertThat(five.http()).isEqualTo(three.http());
    }

    /** The shipped file writes out every default, so leaving a key out must mean the same thing. */
    @Test
    void everyKeyButTheNodesDefaultsToTheShippedValue() {
        ServerConfig shipped = ServerConfig.load(REPO_CONFIG.resolve("multi-node-cluster.yaml"), Map.of());
        ServerConfig minimal = ServerConfig.fromYaml(TestYaml.MINIMAL);

        assertThat(minimal.clusterName()).isEqualTo(shipped.clusterName());
        assertThat(minimal.raft()).isEqualTo(shipped.raft());
        assertThat(minimal.storage()).isEqualTo(shipped.storage()).isEqualTo(new StorageConfig(StorageBackend.BDB, null));
        assertThat(minimal.http()).isEqualTo(shipped.http());
        assertThat(minimal.idempotencyWindow()).isEqualTo(shipped.idempotencyWindow())
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(minimal.logFormat()).isEqualTo(shipped.logFormat()).isEqualTo(LogFormat.TEXT);
    }

    @Test
    void eachNodeOwnsASchemaNamedAfterItsIdByDefault() {
        String yaml = TestYaml.replacing("backend: bdb",
                "backend: postgres\n  postgres: {url: 'jdbc:postgresql://db:5432/kv', password: secret}");

        PostgresConfig postgres = ServerConfig.fromYaml(yaml).storage().postgres();

        assertThat(postgres).isEqualTo(new PostgresConfig("jdbc:postgresql://db:5432/kv", "postgres", "secret", "kv_{node}"));
        assertThat(postgres.schemaFor("node-1")).isEqualTo("kv_node_1");
        assertThat(postgres.schemaFor("Edge.A")).isEqualTo("kv_edge_a");
        assertThat(new PostgresConfig("jdbc:postgresql:kv", "kv", "", "shop_{node}_kv").schemaFor("n2"))
                .isEqualTo("shop_n2_kv");
    }

    @Test
    void aSchemaThatIsNoPlainIdentifierIsRefusedForTheNodeItWouldName() {
        PostgresConfig postgres = new PostgresConfig("jdbc:postgresql:kv", "kv", "", "1{node}");

        assertThatThrownBy(() -> postgres.schemaFor("node-1"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("storage.postgres.schema: '1node_1' (for node node-1) is not a plain PostgreSQL identifier");
    }

    @Test
    void theDataDirDefaultsToDataSlashTheNodeId() {
        assertThat(ServerConfig.fromYaml(TestYaml.MINIMAL).node("a").dataDir()).isEqualTo(Path.of("data", "a"));
    }

    @Test
    void nodeSettingsCountTimingInTicksAndNameEveryMember() {
        String yaml = TestYaml.replacing("tick-ms: 10", "tick-ms: 20")
                .replace("heartbeat-ms: 100", "heartbeat-ms: 60")
                .replace("election-timeout-ms: 1000", "election-timeout-ms: 300")
                .replace("write-timeout-ms: 5000", "write-timeout-ms: 2000")
                .replace("read-timeout-ms: 5000", "read-timeout-ms: 1500")
                .replace("idempotency-window-ms: 600000", "idempotency-window-ms: 60000")
                .replace("max-uncommitted-bytes: 67108864", "max-uncommitted-bytes: 2097152\n  snapshot-entries: 500\n  snapshot-bytes: 1048576");

        NodeSettings settings = ServerConfig.fromYaml(yaml).toNodeSettings("node-2");

        assertThat(settings.self()).isEqualTo("node-2");
        assertThat(settings.tick()).isEqualTo(Duration.ofMillis(20));
        assertThat(settings.heartbeatTicks()).isEqualTo(3);
        assertThat(settings.electionTicks()).isEqualTo(15);
        assertThat(settings.writeTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.readTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(settings.idempotencyWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.maxUncommittedBytes()).isEqualTo(2L << 20);
        assertThat(settings.snapshotEntries()).isEqualTo(500);
        assertThat(settings.snapshotBytes()).isEqualTo(1L << 20);
        assertThat(settings.members()).hasSize(3).first().isEqualTo(
                new Member("node-1", URI.create("http://127.0.0.1:8081"), URI.create("http://127.0.0.1:9001")));
    }

    @Test
    void httpSettingsCarryTheValueLimitAndForwardingMode() {
        String yaml = TestYaml.replacing("forwarding: proxy", "forwarding: redirect")
                .replace("max-value-bytes: 1048576", "max-value-bytes: 4096");

        HttpSettings settings = ServerConfig.fromYaml(yaml).httpSettings();

        assertThat(settings.maxValueBytes()).isEqualTo(4096);
        assertThat(settings.forwarding()).isEqualTo(Forwarding.REDIRECT);
        assertThat(settings.forwardTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theDefaultHttpSettingsMatchWhatTheHttpPackageAssumes() {
        HttpSettings fromConfig = ServerConfig.fromYaml(TestYaml.MINIMAL).httpSettings();

        assertThat(fromConfig).isEqualTo(HttpSettings.defaults());
    }

    @Test
    void theDefaultNodeSettingsMatchTheNodeBuildersDefaults() {
        ServerConfig config = ServerConfig.fromYaml(TestYaml.MINIMAL);
        String id = config.nodes().getFirst().id();
        NodeSettings fromConfig = config.toNodeSettings(id);

        assertThat(fromConfig).isEqualTo(NodeSettings.builder().build(id, fromConfig.members()));
    }

    @Test
    void choicesIgnoreCaseAndIpv6HostsAreBracketed() {
        String yaml = TestYaml.replacing("forwarding: proxy", "forwarding: REDIRECT")
                .replace("format: text", "format: Json")
                .replace("http: 127.0.0.1:8081", "http: \"[::1]:8081\"");

        ServerConfig config = ServerConfig.fromYaml(yaml);

        assertThat(config.http().forwarding()).isEqualTo(Forwarding.REDIRECT);
        assertThat(config.logFormat()).isEqualTo(LogFormat.JSON);
        HostPort http = config.node("node-1").http();
        assertThat(http.bindHost()).isEqualTo("::1");
        assertThat(http.httpUri()).isEqualTo(URI.create("http://[::1]:8081"));
    }

    @Test
    void memberUrisAreTheConfiguredAddresses() {
        ServerConfig config = ServerConfig.fromYaml(TestYaml.VALID);

        assertThat(config.toNodeSettings("node-3").members().stream().flatMap(m -> Stream.of(m.http(), m.raft())))
                .extracting(URI::getPort)
                .containsExactly(8081, 9001, 8082, 9002, 8083, 9003);
    }
}
