package io.raftkv.server.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each bad configuration fails to load with one message naming the key and the reason. */
class ServerConfigValidationTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '"', textBlock = """
            election-timeout-ms: 1000 => election-timeout-ms: 400 => raft.election-timeout-ms: 400 is under 5 heartbeats (raft.heartbeat-ms is 100, so at least 500)
            tick-ms: 10 => tick-ms: 30 => raft.heartbeat-ms: 100 is not a multiple of raft.tick-ms (30)
            election-timeout-ms: 1000 => election-timeout-ms: 1005 => raft.election-timeout-ms: 1005 is not a multiple of raft.tick-ms (10)
            heartbeat-ms: 100 => heartbeat-ms: 0 => raft.heartbeat-ms: 0 must be positive
            tick-ms: 10 => tick-ms: -10 => raft.tick-ms: -10 must be positive
            max-value-bytes: 1048576 => max-value-bytes: -1 => http.max-value-bytes: -1 must be positive
            write-timeout-ms: 5000 => write-timeout-ms: soon => http.write-timeout-ms: 'soon' is not a whole number
            idempotency-window-ms: 600000 => idempotency-window-ms: 0 => kv.idempotency-window-ms: 0 must be positive
            max-value-bytes: 1048576 => max-value-bytes: 4194304 => http.max-value-bytes: 4194304 is over 3145728 (3 MiB)
            max-uncommitted-bytes: 67108864 => max-uncommitted-bytes: 1024 => raft.max-uncommitted-bytes: 1024 is less than http.max-value-bytes (1048576)
            max-uncommitted-bytes: 67108864 => "max-uncommitted-bytes: 67108864\n  snapshot-entries: 0" => raft.snapshot-entries: 0 must be positive
            max-uncommitted-bytes: 67108864 => "max-uncommitted-bytes: 67108864\n  snapshot-bytes: lots" => raft.snapshot-bytes: 'lots' is not a whole number
            backend: bdb => backend: postgres => storage.postgres.url: is missing; storage.backend postgres needs a JDBC URL
            backend: bdb => backend: dual => storage.postgres.url: is missing; storage.backend dual needs a JDBC URL
            backend: bdb => backend: mysql => storage.backend: 'mysql' is not one of bdb | postgres | dual
            backend: bdb => "backend: postgres\n  postgres: {url: 'postgres://h/db'}" => storage.postgres.url: 'postgres://h/db' is not a PostgreSQL JDBC URL
            backend: bdb => "backend: dual\n  postgres: {url: 'jdbc:postgresql://h/db', user: ''}" => storage.postgres.user: must not be empty
            backend: bdb => "backend: bdb\n  postgres: {uri: 'jdbc:postgresql://h/db'}" => storage.postgres.uri: unknown key; storage.postgres takes password, schema, url, user
            backend: bdb => "backend: bdb\n  postgres: jdbc:postgresql://h/db" => storage.postgres: must be a section of keys
            forwarding: proxy => forwarding: bounce => http.forwarding: 'bounce' is not one of proxy | redirect
            format: text => format: xml => logging.format: 'xml' is not one of text | json
            name: test-cluster => name: '' => cluster.name: must not be empty
            id: node-2 => id: node-1 => cluster.nodes[1].id: 'node-1' is used by an earlier node too; ids must be unique
            id: node-2 => id: node 2 => cluster.nodes[1].id: 'node 2' may only hold letters, digits
            http: 127.0.0.1:8082 => http: 127.0.0.1:9001 => cluster.nodes[1].http: 127.0.0.1:9001 is already cluster.nodes[0].raft; every address must be unique
            raft: 127.0.0.1:9003 => raft: 127.0.0.1:8083 => cluster.nodes[2].raft: 127.0.0.1:8083 is already cluster.nodes[2].http
            http: 127.0.0.1:8082 => http: 127.0.0.1 => cluster.nodes[1].http: '127.0.0.1' is not host:port (e.g. 127.0.0.1:8081)
            http: 127.0.0.1:8082 => http: 127.0.0.1:web => cluster.nodes[1].http: '127.0.0.1:web' has no numeric port
            http: 127.0.0.1:8082 => http: 127.0.0.1:70000 => cluster.nodes[1].http: '127.0.0.1:70000': the port must be between 1 and 65535
            http: 127.0.0.1:8082 => http: ::1:8082 => cluster.nodes[1].http: '::1:8082' has no valid host (write IPv6 as [::1]:port)
            raft: 127.0.0.1:9002 => # no raft address => cluster.nodes[1].raft: is missing
            data-dir: data/node-3 => datadir: data/node-3 => cluster.nodes[2].datadir: unknown key; cluster.nodes[] takes data-dir, http, id, raft
            heartbeat-ms: 100 => heartbeat: 100 => raft.heartbeat: unknown key; raft takes election-timeout-ms, heartbeat-ms, max-uncommitted-bytes, snapshot-bytes, snapshot-entries, tick-ms
            logging: => loging: => loging: unknown key; the top level takes cluster, http, kv, logging, raft, storage
            tick-ms: 10 => tick-ms: {value: 10} => raft.tick-ms.value: unknown key; raft.tick-ms takes a single value
            """)
    void aBadValueIsNamedWithItsReason(String line, String replacement, String message) {
        String yaml = TestYaml.replacing(line, replacement);

        assertThatThrownBy(() -> ServerConfig.fromYaml(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void aDuplicateAddressIsFoundWhateverTheHostsCase() {
        String yaml = TestYaml.replacing("http: 127.0.0.1:8082", "http: LOCALHOST:8082")
                .replace("raft: 127.0.0.1:9002", "raft: localhost:8082");

        assertThatThrownBy(() -> ServerConfig.fromYaml(yaml))
                .hasMessage("cluster.nodes[1].raft: localhost:8082 is already cluster.nodes[1].http;"
                        + " every address must be unique");
    }

    @Test
    void aNodeIdThatIsNotInTheFileNamesTheKnownOnes() {
        ServerConfig config = ServerConfig.fromYaml(TestYaml.VALID);

        assertThatThrownBy(() -> config.toNodeSettings("node-9"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--node: 'node-9' is not in cluster.nodes (node-1, node-2, node-3)");
    }

    @Test
    void aFileWithoutNodesSaysSo() {
        assertThatThrownBy(() -> ServerConfig.fromYaml("raft:\n  tick-ms: 10\n"))
                .hasMessage("cluster.nodes: is missing; list at least one node");
    }

    @Test
    void nodesMustBeAListOfMappings() {
        assertThatThrownBy(() -> ServerConfig.fromYaml("cluster:\n  nodes: node-1\n"))
                .hasMessageStartingWith("cluster.nodes: must be a list of nodes");
        assertThatThrownBy(() -> ServerConfig.fromYaml("cluster:\n  nodes:\n    - node-1\n"))
                .hasMessage("cluster.nodes[0]: must be a mapping with id, http, raft, data-dir");
    }

    @Test
    void nodesWrittenAsAMappingAreRejected() {
        assertThatThrownBy(() -> ServerConfig.fromYaml("cluster:\n  nodes:\n    id: node-1\n"))
                .hasMessage("cluster.nodes.id: unknown key; cluster.nodes is a list of nodes");
    }

    @Test
    void aSectionWrittenAsAValueIsRejected() {
        String yaml = TestYaml.MINIMAL + "raft: fast\n";

        assertThatThrownBy(() -> ServerConfig.fromYaml(yaml)).hasMessage("raft: must be a section of keys (raft takes"
                + " election-timeout-ms, heartbeat-ms, max-uncommitted-bytes, snapshot-bytes, snapshot-entries, tick-ms), not a single value");
    }

    @Test
    void anEmptySectionMeansItsDefaults() {
        ServerConfig config = ServerConfig.fromYaml(TestYaml.MINIMAL + "raft:\n");

        assertThat(config.raft()).isEqualTo(ServerConfig.fromYaml(TestYaml.MINIMAL).raft());
    }

    @Test
    void yamlThatDoesNotParseIsReportedAsSuch() {
        assertThatThrownBy(() -> ServerConfig.fromYaml("cluster: [nodes\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("the configuration is not valid YAML: ");
    }
}
