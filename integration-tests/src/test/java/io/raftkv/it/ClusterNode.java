package io.raftkv.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One node of a {@link LocalCluster}: a child JVM running {@code io.raftkv.server.Main}, with its
 * ports, data dir and log file fixed for its whole life, so a restart resumes the same member.
 */
public final class ClusterNode {
    /** How long a node gets to exit after a signal; a graceful stop hands leadership off first. */
    private static final long EXIT_TIMEOUT_SECONDS = 30;

    private final String id;
    private final int httpPort;
    private final int raftPort;
    private final Path dataDir;
    private final Path logFile;
    private List<String> command;
    private Process process;

    ClusterNode(String id, int httpPort, int raftPort, Path dataDir, Path logFile) {
        this.id = id;
        this.httpPort = httpPort;
        this.raftPort = raftPort;
        this.dataDir = dataDir;
        this.logFile = logFile;
    }

    public String id() {
        return id;
    }

    /** The base URL of its REST API, e.g. {@code http://127.0.0.1:40123}. */
    public URI http() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    public int httpPort() {
        return httpPort;
    }

    public int raftPort() {
        return raftPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The exit code of the last run, once it has ended. */
    public synchronized int exitCode() {
        if (process == null || process.isAlive()) {
            throw new IllegalStateException(id + " has not exited");
        }
        return process.exitValue();
    }

    synchronized void start(List<String> command) {
        if (isRunning()) {
            throw new IllegalStateException(id + " is already running");
        }
        this.command = List.copyOf(command);
        appendToLog("=== " + Instant.now() + " harness: starting " + id + " ===");
        ProcessBuilder builder = new ProcessBuilder(this.command)
                .directory(dataDir.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        // The node's config must come from the file alone, whatever the test JVM's environment holds.
        builder.environment().keySet().removeIf(name -> name.startsWith("KV_"));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + id, e);
        }
    }

    /** Starts it again with the same command: same ports, same data dir. */
    synchronized void restart() {
        if (command == null) {
            throw new IllegalStateException(id + " was never started");
        }
        start(command);
    }

    /** {@code kill -9}: no shutdown hook runs, nothing is flushed that was not already synced. */
    synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            awaitExit();
        }
    }

    /** {@code kill -TERM}: a graceful stop; forcibly killed if it does not exit in time. */
    synchronized void terminate() {
        if (process != null) {
            process.destroy();
            try {
                awaitExit();
            } catch (IllegalStateException stuck) {
                process.destroyForcibly();
                throw stuck;
            }
        }
    }

    /**
     * {@code kill -STOP}: the process freezes with its sockets open, so peers and clients see a node
     * that accepts connections and never answers (a stall or one-way partition, not a crash).
     * Undo with {@link #resume()}; {@link #kill()} works on a paused node too.
     */
    synchronized void pause() {
        signal("STOP");
    }

    /** {@code kill -CONT}: a paused node runs on from where it froze. */
    synchronized void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        if (!isRunning()) {
            throw new IllegalStateException(id + " is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + id + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot signal " + id, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + id, e);
        }
    }

    /** The last {@code lines} lines of its log (all its runs), for failure reports. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void awaitExit() {
        try {
            process.onExit().get(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + id + " to exit", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(id + " did not exit within " + EXIT_TIMEOUT_SECONDS + " s", e);
        }
    }

    private void appendToLog(String line) {
        try {
            Files.writeString(logFile, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return id + "(http " + httpPort + ", raft " + raftPort + ")";
    }
}
