package io.raftkv.server.config;

import static org.assertj.core.api.Assertions.assertThat;

/** A valid three-node configuration, and single-line edits of it. */
final class TestYaml {
    static final String VALID = """
            cluster:
              name: test-cluster
              nodes:
                - id: node-1
                  http: 127.0.0.1:8081
                  raft: 127.0.0.1:9001
                  data-dir: data/node-1
                - id: node-2
                  http: 127.0.0.1:8082
                  raft: 127.0.0.1:9002
                  data-dir: data/node-2
                - id: node-3
                  http: 127.0.0.1:8083
                  raft: 127.0.0.1:9003
                  data-dir: data/node-3
            raft:
              tick-ms: 10
              heartbeat-ms: 100
              election-timeout-ms: 1000
              max-uncommitted-bytes: 67108864
            storage:
              backend: bdb
            http:
              forwarding: proxy
              max-value-bytes: 1048576
              write-timeout-ms: 5000
              read-timeout-ms: 5000
            kv:
              idempotency-window-ms: 600000
            logging:
              format: text
            """;

    /** Only what has no default. */
    static final String MINIMAL = """
            cluster:
              nodes:
                - id: a
                  http: localhost:8081
                  raft: localhost:9001
            """;

    private TestYaml() {
    }

    /** {@link #VALID} with its one occurrence of {@code line} (trimmed) replaced by {@code replacement}. */
    static String replacing(String line, String replacement) {
        assertThat(VALID.split(line, -1)).as("occurrences of '%s'", line).hasSize(2);
        return VALID.replace(line, replacement);
    }
}
