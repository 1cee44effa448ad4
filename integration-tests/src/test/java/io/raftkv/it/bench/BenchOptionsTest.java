package io.raftkv.it.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    @Test
    void everyOptionHasADefaultButTheTargets() {
        BenchOptions options = BenchOptions.parse("--targets", "http://127.0.0.1:8081, http://127.0.0.1:8082");

        assertThat(options).isEqualTo(new BenchOptions(
                List.of(URI.create("http://127.0.0.1:8081"), URI.create("http://127.0.0.1:8082")),
                BenchOptions.Op.PUT, 64, 128, Duration.ofSeconds(30), Duration.ofSeconds(5), 10_000,
                BenchOptions.Through.ANY, false, Transport.Kind.RAW, 20, 3));
    }

    @Test
    void parsesEveryOption() {
        BenchOptions options = BenchOptions.parse("--targets", "http://h:1", "--op", "mixed", "--clients", "8",
                "--value-bytes", "1024", "--duration", "2m", "--warmup", "500ms", "--keys", "10",
                "--through", "follower", "--consistency", "serializable", "--transport", "jdk");

        assertThat(options).isEqualTo(new BenchOptions(List.of(URI.create("http://h:1")), BenchOptions.Op.MIXED, 8,
                1024, Duration.ofMinutes(2), Duration.ofMillis(500), 10, BenchOptions.Through.FOLLOWER, true,
                Transport.Kind.JDK, 20, 3));
    }

    @Test
    void theSdkTransportRunsTheSameWorkloadThroughKvClient() {
        BenchOptions options = BenchOptions.parse("--targets", "http://h:1", "--op", "get", "--transport", "SDK");

        assertThat(options.transport()).isEqualTo(Transport.Kind.SDK);
        assertThatThrownBy(() -> BenchOptions.parse("--targets", "http://h:1", "--transport", "okhttp"))
                .hasMessage("--transport is one of [raw, jdk, sdk], not okhttp");
    }

    @Test
    void failoverStartsItsOwnClusterSoNeedsNoTargets() {
        BenchOptions options = BenchOptions.parse("--op", "failover", "--tries", "5");

        assertThat(options.op()).isEqualTo(BenchOptions.Op.FAILOVER);
        assertThat(options.tries()).isEqualTo(5);
    }

    @Test
    void badArgumentsAreRejectedByName() {
        assertThatThrownBy(() -> BenchOptions.parse("--op", "put")).hasMessageContaining("--targets is required");
        assertThatThrownBy(() -> BenchOptions.parse("--targets", "http://h:1", "--clients", "0"))
                .hasMessage("--clients must be a positive integer, not 0");
        assertThatThrownBy(() -> BenchOptions.parse("--targets", "http://h:1", "--duration", "30"))
                .hasMessage("--duration is a duration like 500ms, 30s or 2m, not 30");
        assertThatThrownBy(() -> BenchOptions.parse("--targets", "http://h:1", "--op", "scan"))
                .hasMessage("--op is one of [put, get, mixed, failover], not scan");
        assertThatThrownBy(() -> BenchOptions.parse("--targets", "http://h:1", "--through"))
                .hasMessage("--through needs a value");
        assertThatThrownBy(() -> BenchOptions.parse("--op", "failover", "--nodes", "2"))
                .hasMessageContaining("needs --nodes 3 or more");
    }
}
