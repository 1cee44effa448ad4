package io.raftkv.it;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A cluster of real node processes on loopback: each node is a child JVM running
 * {@code io.raftkv.server.Main} from this JVM's classpath, with a generated config, free ports
 * chosen up front and its data dir and log in a temp dir that {@link #close} removes.
 *
 * <p>{@link #close} kills every node, and a shutdown hook does the same should this JVM end
 * without closing, so no node outlives its test. Tests normally get a cluster from
 * {@link ClusterExtension}.
 */
public final class LocalCluster implements AutoCloseable {
    /** Small heaps and the C1 compiler only: three nodes and the test JVM share two cores. */
    public static final List<String> TEST_JVM_OPTIONS =
            List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    /** Bounds the wait for an election, JVM start-up included, on a loaded machine. */
    public static final Duration LEADER_TIMEOUT = Duration.ofSeconds(60);
    /** Long enough for a write that waits on a new leader, short enough to try the next node soon. */
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);
    private static final String MAIN_CLASS = "io.raftkv.server.Main";
    private static final int LOG_TAIL_LINES = 60;

    private final Path dir;
    /** The founders, then the nodes that joined; a node stays listed once stopped or removed. */
    private final List<ClusterNode> nodes;
    private final ClusterStorage storage;
    private final List<String> jvmOptions;
    private final String extraYaml;
    private final KvHttp http = new KvHttp();
    private final Thread killOnExit = new Thread(this::killAll, "local-cluster-kill-on-exit");

    private LocalCluster(Path dir, List<ClusterNode> nodes, ClusterStorage storage, List<String> jvmOptions,
                         String extraYaml) {
        this.dir = dir;
        this.nodes = new CopyOnWriteArrayList<>(nodes);
        this.storage = storage;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.extraYaml = extraYaml;
    }

    /** Starts {@code size} nodes with {@link #TEST_JVM_OPTIONS}; does not wait for a leader. */
    public static LocalCluster start(int size) {
        return start(size, TEST_JVM_OPTIONS, ClusterStorage.bdb());
    }

    /**
     * Starts {@code size} nodes whose JVMs get {@code jvmOptions}, on {@code storage}; does not wait for
     * a leader.
     */
    public static LocalCluster start(int size, List<String> jvmOptions, ClusterStorage storage) {
        return start(size, jvmOptions, storage, "");
    }

    /**
     * Like {@link #start(int, List, ClusterStorage)}, with {@code extraYaml} (whole top-level sections,
     * such as {@code "raft:\n  snapshot-entries: 200\n"}) appended to the nodes' configuration file.
     */
    public static LocalCluster start(int size, List<String> jvmOptions, ClusterStorage storage, String extraYaml) {
        try {
            Path dir = Files.createTempDirectory("raftkv-cluster-");
            List<Integer> ports = ClusterConfigFile.freePorts(2 * size);
            List<ClusterNode> nodes = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                String id = "node-" + (i + 1);
                nodes.add(new ClusterNode(id, ports.get(2 * i), ports.get(2 * i + 1),
                        dir.resolve(id), dir.resolve(id + ".log")));
            }
            Path config = ClusterConfigFile.write(dir, nodes, storage, extraYaml);
            LocalCluster cluster = new LocalCluster(dir, nodes, storage, jvmOptions, extraYaml);
            Runtime.getRuntime().addShutdownHook(cluster.killOnExit);
            try {
                for (ClusterNode node : nodes) {
                    node.start(command(jvmOptions, config, node));
                }
            } catch (RuntimeException e) {
                cluster.close();
                throw e;
            }
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up a local cluster", e);
        }
    }

    /**
     * Starts a new node {@code node-<n+1>} on an empty data dir with {@code --join} {@code via}'s HTTP URL:
     * it asks to be added as a learner. The configuration file is written anew with it listed (the
     * founders read it only at start, and hold data, so it does not change them). Does not wait.
     */
    public ClusterNode join(ClusterNode via) {
        try {
            List<Integer> ports = ClusterConfigFile.freePorts(2);
            String id = "node-" + (nodes.size() + 1);
            ClusterNode node = new ClusterNode(id, ports.get(0), ports.get(1), dir.resolve(id), dir.resolve(id + ".log"));
            nodes.add(node);
            Path config = ClusterConfigFile.write(dir, nodes, storage, extraYaml);
            List<String> command = new ArrayList<>(command(jvmOptions, config, node));
            command.addAll(List.of("--join", via.http().toString()));
            node.start(command);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add a node to the local cluster", e);
        }
    }

    private static List<String> command(List<String> jvmOptions, Path config, ClusterNode node) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-XX:+ExitOnOutOfMemoryError");
        if (Runtime.version().feature() >= 23) {
            // Protobuf still uses sun.misc.Unsafe; without this, JDK 24+ warns on every start.
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-cp", nodeClasspath(), MAIN_CLASS, "--config", config.toString(), "--node", node.id()));
        return command;
    }

    /**
     * This JVM's classpath without test outputs: a node runs what ships and logs as it would, not
     * under kv-server's test logging config.
     */
    private static String nodeClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("-tests.jar") && !entry.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    public List<ClusterNode> nodes() {
        return nodes;
    }

    /** The node {@code node-<number>}, counting from 1 as the ids do. */
    public ClusterNode node(int number) {
        return nodes.get(number - 1);
    }

    public List<ClusterNode> running() {
        return nodes.stream().filter(ClusterNode::isRunning).toList();
    }

    /** The running nodes other than {@code node}. */
    public List<ClusterNode> others(ClusterNode node) {
        return running().stream().filter(other -> other != node).toList();
    }

    /** What the nodes store into. */
    public ClusterStorage storage() {
        return storage;
    }

    public KvHttp http() {
        return http;
    }

    /**
     * Waits (at most {@link #LEADER_TIMEOUT}) until every running node names the same running
     * node as leader, and returns it: from then on any node can serve and forward requests.
     */
    public ClusterNode awaitLeader() {
        return await("a leader that every running node knows").atMost(LEADER_TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(this::leader, Optional::isPresent)
                .orElseThrow();
    }

    /**
     * Waits until every running node's Raft stream to every other running node is open (its
     * {@code raftkv_peer_connected} meters): a leader can be elected before the followers' streams to each
     * other are, and a follower that takes over must hear from the others at once.
     */
    public void awaitConnected() {
        await("every running node connected to every other").atMost(LEADER_TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> running().stream().allMatch(this::connectedToTheOthers));
    }

    private boolean connectedToTheOthers(ClusterNode node) {
        return others(node).stream().filter(ClusterNode::isRunning).allMatch(peer ->
                metric(node, "raftkv_peer_connected{node=\"" + node.id() + "\",peer=\"" + peer.id() + "\"}") == 1.0);
    }

    /**
     * One sample of {@code node}'s {@code /metrics}: {@code series} is the name with its labels as the
     * node prints them ({@code raftkv_raft_term{node="node-1"}}); NaN if the node does not answer or
     * has no such series.
     */
    public double metric(ClusterNode node, String series) {
        String metrics;
        try {
            metrics = KvHttp.text(http.send(KvHttp.request(node, "/metrics")));
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
        return metrics.lines().filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1)))
                .findFirst().orElse(Double.NaN);
    }

    /** The leader, if every running node names the same running node right now. */
    public Optional<ClusterNode> leader() throws InterruptedException {
        List<ClusterNode> running = running();
        URI first = null;
        for (ClusterNode node : running) {
            Optional<URI> leader = http.leaderAccordingTo(node, Duration.ofSeconds(1));
            if (leader.isEmpty() || (first != null && leader.get().getPort() != first.getPort())) {
                return Optional.empty();
            }
            first = leader.get();
        }
        int leaderPort = first == null ? -1 : first.getPort();
        return running.stream().filter(node -> node.httpPort() == leaderPort).findFirst();
    }

    /**
     * Waits until a {@code PUT} of {@code key} through one of {@code nodes}, tried in turn, is
     * acknowledged; fails after {@code atMost}. Each try gets {@link #PROBE_TIMEOUT}, so a node
     * that hangs cannot hold the others up.
     */
    public void awaitWriteThrough(List<ClusterNode> nodes, String key, Duration atMost) {
        AtomicInteger attempt = new AtomicInteger();
        await("a write through one of " + nodes).atMost(atMost).pollInterval(Duration.ofMillis(10))
                .until(() -> http.putSucceeds(nodes.get(attempt.getAndIncrement() % nodes.size()), key, PROBE_TIMEOUT));
    }

    /** {@code kill -9} {@code node}, waiting until the process is gone. */
    public void kill(ClusterNode node) {
        node.kill();
    }

    /** {@code kill -TERM} {@code node} (a graceful stop), waiting until the process is gone. */
    public void terminate(ClusterNode node) {
        node.terminate();
    }

    /** Starts a stopped node again, on the same data dir and ports. */
    public void restart(ClusterNode node) {
        node.restart();
    }

    /** The tail of every node's log, for a failure report. */
    public String logTails() {
        StringBuilder out = new StringBuilder();
        for (ClusterNode node : nodes) {
            out.append("----- ").append(node).append(node.isRunning() ? ", running" : ", stopped")
                    .append(": last ").append(LOG_TAIL_LINES).append(" log lines -----\n")
                    .append(node.logTail(LOG_TAIL_LINES)).append('\n');
        }
        return out.toString();
    }

    /** Kills every node and deletes the cluster's directory. */
    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDownAlready) {
            // The hook is running or about to; nothing left to undo.
        }
        deleteRecursively(dir);
    }

    private void killAll() {
        nodes.forEach(ClusterNode::kill);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
