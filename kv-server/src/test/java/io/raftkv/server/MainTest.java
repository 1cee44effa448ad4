package io.raftkv.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Main as an operator meets it: a real JVM, its exit code, its standard output and error. */
class MainTest {
    private static final Path SHIPPED_CONFIG = Path.of("../config/multi-node-cluster.yaml").toAbsolutePath();
    @TempDir
    Path dir;

    @Test
    void aBadArgumentIsOneLineOnStandardErrorAndExitCode2() throws Exception {
        Result result = run("--config", "x.yaml", "--nodes", "node-1");

        assertThat(result.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(result.stderr()).containsExactly(
                "kv-server: unknown argument '--nodes'; usage: kv-server --config FILE --node ID [--data-dir DIR] [--join URL]");
        assertThat(result.stdout()).isEmpty();
    }

    @Test
    void aBadConfigurationNamesTheFieldAndExitsWith2() throws Exception {
        String yaml = Files.readString(SHIPPED_CONFIG).replace("election-timeout-ms: 800", "election-timeout-ms: 200");
        Path config = Files.writeString(dir.resolve("bad.yaml"), yaml);

        Result result = run("--config", config.toString(), "--node", "node-1");

        assertThat(result.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(result.stderr()).containsExactly("kv-server: raft.election-timeout-ms: 200 is under 5 heartbeats"
                + " (raft.heartbeat-ms is 100, so at least 500)");
        assertThat(dir.resolve("data")).as("the data dirs, relative to the working directory").doesNotExist();
    }

    @Test
    void anUnknownNodeExitsWith2() throws Exception {
        Result result = run("--config", SHIPPED_CONFIG.toString(), "--node", "node-4");

        assertThat(result.exitCode()).isEqualTo(Main.EXIT_USAGE);
        assertThat(result.stderr()).containsExactly(
                "kv-server: --node: 'node-4' is not in cluster.nodes (node-1, node-2, node-3)");
    }

    @Test
    void helpPrintsTheUsageAndExitsWith0() throws Exception {
        Result result = run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).first().isEqualTo("Usage: kv-server --config FILE --node ID [--data-dir DIR] [--join URL]");
        assertThat(result.stderr()).isEmpty();
    }

    private record Result(int exitCode, List<String> stdout, List<String> stderr) {
    }

    private Result run(String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Main did not exit within 60 s");
        }
        return new Result(process.exitValue(), Files.readAllLines(out), Files.readAllLines(err));
    }
}
