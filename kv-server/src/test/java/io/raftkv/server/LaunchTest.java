package io.raftkv.server;

import io.raftkv.server.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LaunchTest {
    private static final String CONFIG = "../config/multi-node-cluster.yaml";

    @Test
    void readsTheConfigurationAndTheNode() {
        Launch launch = Launch.from(new String[] {"--config", CONFIG, "--node", "node-2"}, Map.of());

        assertThat(launch.nodeId()).isEqualTo("node-2");
        assertThat(launch.config().nodes()).hasSize(3);
        assertThat(launch.dataDir()).isNull();
    }

    @Test
    void takesEqualsFormsAndADataDir() {
        Launch launch = Launch.from(new String[] {"--node=node-1", "--data-dir", "/tmp/n1", "--config=" + CONFIG},
                Map.of());

        assertThat(launch.nodeId()).isEqualTo("node-1");
        assertThat(launch.dataDir()).isEqualTo(Path.of("/tmp/n1"));
        assertThat(launch.join()).isNull();
    }

    @Test
    void takesAJoinUrlWithOrWithoutItsScheme() {
        Launch full = Launch.from(new String[] {"--config", CONFIG, "--node", "node-1", "--join", "http://10.0.0.1:8081"},
                Map.of());
        Launch bare = Launch.from(new String[] {"--config", CONFIG, "--node", "node-1", "--join=10.0.0.1:8081"}, Map.of());

        assertThat(full.join()).hasToString("http://10.0.0.1:8081");
        assertThat(bare.join()).isEqualTo(full.join());
    }

    @Test
    void appliesTheEnvironmentsOverrides() {
        Launch launch = Launch.from(new String[] {"--config", CONFIG, "--node", "node-1"},
                Map.of("KV_HTTP_MAX_VALUE_BYTES", "1024"));

        assertThat(launch.config().http().maxValueBytes()).isEqualTo(1024);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", textBlock = """
            --node node-1                                  => missing --config; usage: kv-server --config FILE --node ID
            --config x.yaml                                => missing --node; usage:
            --config x.yaml --node                         => --node needs a value; usage:
            --config --node node-1                         => --config needs a value; usage:
            --config x.yaml --node a --nodes b             => unknown argument '--nodes'; usage:
            --config x.yaml --node a stray                 => unknown argument 'stray'; usage:
            --config x.yaml --node a --node b              => --node is given twice; usage:
            --config x.yaml --node a --data-dir=           => --data-dir must not be empty; usage:
            --config x.yaml --node a --join ftp://h:1      => --join needs a member's HTTP base URL
            --config x.yaml --node a --join h              => --join needs a member's HTTP base URL
            """)
    void aMalformedCommandLineIsRejectedWithTheUsage(String args, String message) {
        assertThatThrownBy(() -> Launch.from(args.split(" "), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void aNodeThatIsNotInTheFileIsAConfigurationError() {
        assertThatThrownBy(() -> Launch.from(new String[] {"--config", CONFIG, "--node", "node-7"}, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--node: 'node-7' is not in cluster.nodes (node-1, node-2, node-3)");
    }

    @Test
    void helpIsAskedForAnywhereOnTheLine() {
        assertThat(Launch.wantsHelp(new String[] {"--config", "x", "--help"})).isTrue();
        assertThat(Launch.wantsHelp(new String[] {"-h"})).isTrue();
        assertThat(Launch.wantsHelp(new String[] {"--config", "x"})).isFalse();
    }
}
